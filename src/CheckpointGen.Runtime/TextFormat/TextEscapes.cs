using System.Text;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// C escapes in quoted strings, both ways: protobuf text holds bytes, so <c>\NNN</c> (octal) and
/// <c>\xHH</c> stand for single bytes, <c>\uXXXX</c> / <c>\UXXXXXXXX</c> for a code point in
/// UTF-8, and unescaped characters for their UTF-8 encoding.
/// </summary>
internal static class TextEscapes
{
    /// <summary>
    /// Reads the quoted string that starts at <paramref name="position"/> and leaves
    /// <paramref name="position"/> after its closing quote.
    /// </summary>
    public static byte[] ReadQuoted(string text, ref int position, TextTokenizer errors)
    {
        var start = position;
        var quote = text[position++];
        var bytes = new List<byte>();
        var run = position;
        while (true)
        {
            if (position >= text.Length || text[position] == '\n')
            {
                throw errors.Error(start, "unterminated string (strings cannot span lines)");
            }
            var c = text[position];
            if (c == quote || c == '\\')
            {
                AppendUtf8(bytes, text, run, position - run);
                if (c == quote)
                {
                    position++;
                    return bytes.ToArray();
                }
                ReadEscape(text, ref position, bytes, errors);
                run = position;
            }
            else
            {
                position++;
            }
        }
    }

    /// <summary>
    /// Escapes bytes for a double-quoted string as protobuf's printers do: named escapes for
    /// quotes, backslash and line controls, three-digit octal for other bytes outside printable ASCII.
    /// </summary>
    public static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length + 2);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\'': text.Append("\\'"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                default:
                    if (b is < 0x20 or >= 0x7f)
                    {
                        text.Append('\\').Append((char)('0' + (b >> 6))).Append((char)('0' + ((b >> 3) & 7))).Append((char)('0' + (b & 7)));
                    }
                    else
                    {
                        text.Append((char)b);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    private static void ReadEscape(string text, ref int position, List<byte> bytes, TextTokenizer errors)
    {
        var start = position;
        position++;
        if (position >= text.Length)
        {
            throw errors.Error(start, "unterminated escape sequence");
        }
        var c = text[position++];
        switch (c)
        {
            case 'a': bytes.Add(7); return;
            case 'b': bytes.Add(8); return;
            case 'f': bytes.Add(12); return;
            case 'n': bytes.Add(10); return;
            case 'r': bytes.Add(13); return;
            case 't': bytes.Add(9); return;
            case 'v': bytes.Add(11); return;
            case '\\' or '?' or '\'' or '"': bytes.Add((byte)c); return;
            case >= '0' and <= '7':
                var octal = c - '0';
                for (var i = 0; i < 2 && position < text.Length && text[position] is >= '0' and <= '7'; i++)
                {
                    octal = (octal * 8) + (text[position++] - '0');
                }
                if (octal > 0xff)
                {
                    throw errors.Error(start, $"octal escape '{text.Substring(start, position - start)}' exceeds one byte");
                }
                bytes.Add((byte)octal);
                return;
            case 'x' or 'X':
                var hex = ReadHex(text, ref position, 2);
                if (hex < 0)
                {
                    throw errors.Error(start, "'\\x' must be followed by hexadecimal digits");
                }
                bytes.Add((byte)hex);
                return;
            case 'u' or 'U':
                AppendCodePoint(bytes, ReadCodePoint(text, ref position, c == 'u' ? 4 : 8, start, errors));
                return;
            default:
                throw errors.Error(start, $"unknown escape sequence '\\{c}'");
        }
    }

    /// <summary>A <c>\u</c> or <c>\U</c> code point; a <c>\u</c> high surrogate pairs with a following <c>\u</c> low surrogate.</summary>
    private static int ReadCodePoint(string text, ref int position, int digits, int start, TextTokenizer errors)
    {
        var value = ReadExactHex(text, ref position, digits, start, errors);
        if (value is >= 0xD800 and <= 0xDBFF
            && position + 1 < text.Length && text[position] == '\\' && text[position + 1] == 'u')
        {
            var low = position + 2;
            var next = ReadExactHex(text, ref low, 4, position, errors);
            if (next is >= 0xDC00 and <= 0xDFFF)
            {
                position = low;
                return (int)(0x10000 + ((value - 0xD800) << 10) + (next - 0xDC00));
            }
        }
        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            throw errors.Error(start, $"'{text.Substring(start, position - start)}' is not a Unicode scalar value");
        }
        return (int)value;
    }

    private static long ReadExactHex(string text, ref int position, int digits, int start, TextTokenizer errors)
    {
        var begin = position;
        var value = ReadHex(text, ref position, digits);
        if (position - begin != digits)
        {
            throw errors.Error(start, $"a Unicode escape needs exactly {digits} hexadecimal digits");
        }
        return value;
    }

    /// <summary>Up to <paramref name="maxDigits"/> hexadecimal digits; -1 when there are none.</summary>
    private static long ReadHex(string text, ref int position, int maxDigits)
    {
        var value = -1L;
        for (var i = 0; i < maxDigits && position < text.Length && Uri.IsHexDigit(text[position]); i++)
        {
            value = (Math.Max(value, 0) * 16) + Uri.FromHex(text[position++]);
        }
        return value;
    }

    private static void AppendCodePoint(List<byte> bytes, int codePoint) =>
        AppendUtf8(bytes, char.ConvertFromUtf32(codePoint), 0, codePoint > 0xFFFF ? 2 : 1);

    private static void AppendUtf8(List<byte> bytes, string text, int start, int count)
    {
        if (count > 0)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(start, count)));
        }
    }
}
