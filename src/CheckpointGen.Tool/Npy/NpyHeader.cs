using System.Globalization;
using System.Text;

namespace CheckpointGen.Tool.Npy;

/// <summary>
/// The header of a <c>.npy</c> file: the Python dict literal numpy writes
/// (<c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>), read by a small
/// parser of just the literals numpy uses (strings, True/False, integers, tuples, lists, dicts),
/// never evaluated. Writing gives numpy's own layout: padded with spaces so the data starts at a
/// multiple of 64 bytes.
/// </summary>
internal static class NpyHeader
{
    /// <summary>The magic string every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>Headers longer than this are refused before anything is allocated for them (numpy itself refuses over 10,000 by default).</summary>
    public const int MaxLength = 65536;

    /// <summary>What the header says about the data that follows it.</summary>
    public sealed record Fields(NpyDType DType, bool BigEndian, long[] Shape);

    /// <summary>Parses the header text; <paramref name="offset"/> is where it starts in <paramref name="path"/>, for messages.</summary>
    /// <exception cref="NpyFormatException">Not a dict literal with descr, fortran_order and shape, or asks for what predict cannot take.</exception>
    public static Fields Parse(string text, string path, long offset)
    {
        var parser = new LiteralParser(text, path, offset);
        if (parser.Value() is not Dictionary<string, object> dict)
        {
            throw new NpyFormatException(path, offset, "the header is not a Python dict literal");
        }
        object Get(string key) => dict.TryGetValue(key, out var value) ? value
            : throw new NpyFormatException(path, offset, $"the header has no '{key}' key (it has {string.Join(", ", dict.Keys.Select(k => $"'{k}'"))})");
        if (Get("fortran_order") is not bool fortran)
        {
            throw new NpyFormatException(path, offset, "'fortran_order' is not True or False");
        }
        if (fortran)
        {
            throw new NpyFormatException(path, offset, "the array is in Fortran (column-major) order; save it in C order (numpy.ascontiguousarray) to use it here");
        }
        if (Get("shape") is not List<object> dims || dims.Any(d => d is not long n || n < 0))
        {
            throw new NpyFormatException(path, offset, "'shape' is not a tuple of non-negative integers");
        }
        var (dtype, bigEndian) = Descr(Get("descr"), path, offset);
        return new Fields(dtype, bigEndian, dims.Cast<long>().ToArray());
    }

    /// <summary>The header text for an array of <paramref name="dtype"/> and <paramref name="shape"/>, little-endian, C order, padded as numpy pads it (ending in a newline).</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions.</param>
    /// <param name="prefixLength">The bytes before the header text (magic, version, length field), counted in the 64-byte alignment.</param>
    public static string Format(NpyDType dtype, IReadOnlyList<long> shape, int prefixLength)
    {
        var text = $"{{'descr': '{dtype.Descr}', 'fortran_order': False, 'shape': {NpyArray.FormatShape(shape)}, }}";
        var total = prefixLength + text.Length + 1;
        return text + new string(' ', (64 - (total % 64)) % 64) + "\n";
    }

    private static (NpyDType, bool) Descr(object descr, string path, long offset)
    {
        if (descr is not string code)
        {
            throw new NpyFormatException(path, offset, "the array has a structured dtype (a list of fields); predict takes float32, float64, int32, int64 or bool arrays");
        }
        if (code.Length >= 2 && code[1] == 'O')
        {
            throw new NpyFormatException(path, offset, "the array holds Python objects (dtype object); predict takes float32, float64, int32, int64 or bool arrays");
        }
        var order = code.Length > 0 ? code[0] : ' ';
        var size = code.Length > 2 && int.TryParse(code.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
        var dtype = NpyDType.All.FirstOrDefault(d => code.Length > 1 && d.Kind == code[1] && d.Size == size);
        if (dtype is null || order is not ('<' or '>' or '=' or '|'))
        {
            throw new NpyFormatException(path, offset, $"the dtype '{code}' is not one predict takes: {string.Join(", ", NpyDType.All.Select(d => $"{d.Name} ('{d.Descr}')"))}");
        }
        return (dtype, order == '>' || (order == '=' && !BitConverter.IsLittleEndian));
    }

    /// <summary>Python literals as numpy writes them in headers.</summary>
    private sealed class LiteralParser
    {
        private const int MaxDepth = 16;
        private readonly string _text;
        private readonly string _path;
        private readonly long _offset;
        private int _at;
        private int _depth;

        public LiteralParser(string text, string path, long offset)
        {
            _text = text;
            _path = path;
            _offset = offset;
        }

        public object Value()
        {
            Skip();
            if (_at >= _text.Length)
            {
                throw Error("the header ends inside a value");
            }
            var c = _text[_at];
            return c switch
            {
                '{' => Nested(() => Dict()),
                '(' => Nested(() => Sequence(')')),
                '[' => Nested(() => Sequence(']')),
                '\'' or '"' => String(),
                _ when char.IsDigit(c) || c == '-' => Integer(),
                _ when char.IsLetter(c) => Word(),
                _ => throw Error($"unexpected '{c}'"),
            };
        }

        private object Nested(Func<object> parse)
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"values nested deeper than {MaxDepth}");
            }
            var value = parse();
            _depth--;
            return value;
        }

        private Dictionary<string, object> Dict()
        {
            _at++;
            var dict = new Dictionary<string, object>(StringComparer.Ordinal);
            while (!Closes('}'))
            {
                if (Value() is not string key)
                {
                    throw Error("a dict key is not a string");
                }
                Expect(':');
                dict[key] = Value();
                Separator('}');
            }
            return dict;
        }

        private List<object> Sequence(char close)
        {
            _at++;
            var items = new List<object>();
            while (!Closes(close))
            {
                items.Add(Value());
                Separator(close);
            }
            return items;
        }

        private string String()
        {
            var quote = _text[_at++];
            var end = _text.IndexOf(quote, _at);
            if (end < 0)
            {
                throw Error("a string is not closed");
            }
            var value = _text.Substring(_at, end - _at);
            _at = end + 1;
            return value;
        }

        private long Integer()
        {
            var start = _at;
            _at++;
            while (_at < _text.Length && char.IsDigit(_text[_at]))
            {
                _at++;
            }
            var digits = _text.AsSpan(start, _at - start);
            if (_at < _text.Length && _text[_at] is 'L' or 'l')
            {
                _at++; // Python 2's long suffix, in files written by old numpy.
            }
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Error($"'{digits.ToString()}' is not a 64-bit integer");
        }

        private object Word()
        {
            var start = _at;
            while (_at < _text.Length && char.IsLetterOrDigit(_text[_at]))
            {
                _at++;
            }
            var word = _text.Substring(start, _at - start);
            return word switch
            {
                "True" => true,
                "False" => false,
                _ => throw Error($"unexpected '{word}' (only strings, integers, True, False, tuples and dicts are read)"),
            };
        }

        private bool Closes(char close)
        {
            Skip();
            if (_at < _text.Length && _text[_at] == close)
            {
                _at++;
                return true;
            }
            return false;
        }

        private void Separator(char close)
        {
            Skip();
            if (_at < _text.Length && _text[_at] == ',')
            {
                _at++;
            }
            else if (_at >= _text.Length || _text[_at] != close)
            {
                throw Error($"expected ',' or '{close}'");
            }
        }

        private void Expect(char c)
        {
            Skip();
            if (_at >= _text.Length || _text[_at] != c)
            {
                throw Error($"expected '{c}'");
            }
            _at++;
        }

        private void Skip()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            {
                _at++;
            }
        }

        private NpyFormatException Error(string message) => new(_path, _offset + Encoding.UTF8.GetByteCount(_text.AsSpan(0, Math.Min(_at, _text.Length))), "in the header: " + message);
    }
}
