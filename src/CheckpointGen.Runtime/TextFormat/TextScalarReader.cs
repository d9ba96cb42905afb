using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// Reads one scalar value of a field (number, bool, enum, string or bytes) and writes it in
/// binary form, with the range checks protobuf's own text parser applies.
/// </summary>
internal static class TextScalarReader
{
    /// <summary>Reads the value at the cursor and writes it, with its tag, to <paramref name="output"/>.</summary>
    public static void Read(TextTokenizer tokens, FieldDescriptor field, WireWriter output)
    {
        if (field.FieldType is FieldType.String or FieldType.Bytes)
        {
            output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteLengthDelimited(ReadString(tokens, field));
            return;
        }
        var (wireType, bits) = ReadNumeric(tokens, field);
        output.WriteTag(field.FieldNumber, wireType);
        switch (wireType)
        {
            case WireFormat.WireType.Fixed32:
                output.WriteFixed32((uint)bits);
                break;
            case WireFormat.WireType.Fixed64:
                output.WriteFixed64(bits);
                break;
            default:
                output.WriteVarint(bits);
                break;
        }
    }

    /// <summary>Skips one scalar value of a field this parser does not know.</summary>
    public static void Skip(TextTokenizer tokens)
    {
        if (tokens.Current.Kind == TextTokenKind.String)
        {
            while (tokens.Current.Kind == TextTokenKind.String)
            {
                tokens.Advance();
            }
            return;
        }
        tokens.TryConsume('-');
        if (tokens.Current.Kind is not (TextTokenKind.Identifier or TextTokenKind.Integer or TextTokenKind.Float))
        {
            throw tokens.Unexpected("a value");
        }
        tokens.Advance();
    }

    /// <summary>A number, bool or enum value: its wire type and bits (negative varints sign-extended to 64 bits, as protobuf encodes them).</summary>
    private static (WireFormat.WireType, ulong) ReadNumeric(TextTokenizer tokens, FieldDescriptor field)
    {
        const WireFormat.WireType varint = WireFormat.WireType.Varint;
        switch (field.FieldType)
        {
            case FieldType.Double:
                return (WireFormat.WireType.Fixed64, (ulong)BitConverter.DoubleToInt64Bits(ReadFloatingPoint(tokens, field)));
            case FieldType.Float:
                return (WireFormat.WireType.Fixed32, (uint)BitConverterCompat.SingleToInt32Bits((float)ReadFloatingPoint(tokens, field)));
            case FieldType.Bool:
                return (varint, ReadBool(tokens, field) ? 1UL : 0UL);
            case FieldType.Enum:
                return (varint, (ulong)(long)ReadEnum(tokens, field));
            case FieldType.Int32:
                return (varint, (ulong)ReadSigned(tokens, field, int.MinValue, int.MaxValue));
            case FieldType.Int64:
                return (varint, (ulong)ReadSigned(tokens, field, long.MinValue, long.MaxValue));
            case FieldType.SInt32:
                var value32 = (int)ReadSigned(tokens, field, int.MinValue, int.MaxValue);
                return (varint, (uint)((value32 << 1) ^ (value32 >> 31)));
            case FieldType.SInt64:
                var value64 = ReadSigned(tokens, field, long.MinValue, long.MaxValue);
                return (varint, (ulong)((value64 << 1) ^ (value64 >> 63)));
            case FieldType.UInt32:
                return (varint, ReadUnsigned(tokens, field, uint.MaxValue));
            case FieldType.UInt64:
                return (varint, ReadUnsigned(tokens, field, ulong.MaxValue));
            case FieldType.Fixed32:
                return (WireFormat.WireType.Fixed32, ReadUnsigned(tokens, field, uint.MaxValue));
            case FieldType.Fixed64:
                return (WireFormat.WireType.Fixed64, ReadUnsigned(tokens, field, ulong.MaxValue));
            case FieldType.SFixed32:
                return (WireFormat.WireType.Fixed32, (uint)(int)ReadSigned(tokens, field, int.MinValue, int.MaxValue));
            case FieldType.SFixed64:
                return (WireFormat.WireType.Fixed64, (ulong)ReadSigned(tokens, field, long.MinValue, long.MaxValue));
            default:
                throw tokens.Error(tokens.Current.Offset, $"field '{field.Name}' has type {field.FieldType}, which this parser does not support");
        }
    }

    /// <summary>One string token, or several adjacent ones joined (<c>"ab" 'cd'</c> is <c>abcd</c>).</summary>
    private static byte[] ReadString(TextTokenizer tokens, FieldDescriptor field)
    {
        if (tokens.Current.Kind != TextTokenKind.String)
        {
            throw tokens.Unexpected($"a quoted string for field '{field.Name}'");
        }
        var first = tokens.Current.Bytes!;
        tokens.Advance();
        if (tokens.Current.Kind != TextTokenKind.String)
        {
            return first;
        }
        var joined = new List<byte>(first);
        while (tokens.Current.Kind == TextTokenKind.String)
        {
            joined.AddRange(tokens.Current.Bytes!);
            tokens.Advance();
        }
        return joined.ToArray();
    }

    private static double ReadFloatingPoint(TextTokenizer tokens, FieldDescriptor field)
    {
        var negative = tokens.TryConsume('-');
        var token = tokens.Current;
        var text = tokens.TextOf(token);
        double value;
        switch (token.Kind)
        {
            case TextTokenKind.Float:
                value = double.Parse(text.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture);
                break;
            case TextTokenKind.Integer:
                value = ParseMagnitude(tokens, token, text);
                break;
            case TextTokenKind.Identifier when IsNamed(text, "inf") || IsNamed(text, "infinity"):
                value = double.PositiveInfinity;
                break;
            case TextTokenKind.Identifier when IsNamed(text, "nan"):
                value = double.NaN;
                break;
            default:
                throw tokens.Unexpected($"a number for field '{field.Name}'");
        }
        tokens.Advance();
        return negative ? -value : value;
    }

    private static bool ReadBool(TextTokenizer tokens, FieldDescriptor field)
    {
        var text = tokens.TextOf(tokens.Current);
        bool? value = tokens.Current.Kind switch
        {
            TextTokenKind.Identifier => text switch
            {
                "true" or "True" or "t" => true,
                "false" or "False" or "f" => false,
                _ => null,
            },
            TextTokenKind.Integer => text switch
            {
                "1" => true,
                "0" => false,
                _ => null,
            },
            _ => null,
        };
        if (value is null)
        {
            throw tokens.Unexpected($"true or false for field '{field.Name}'");
        }
        tokens.Advance();
        return value.Value;
    }

    private static int ReadEnum(TextTokenizer tokens, FieldDescriptor field)
    {
        if (tokens.Current.Kind == TextTokenKind.Identifier)
        {
            var name = tokens.TextOf(tokens.Current);
            var value = field.EnumType.FindValueByName(name)
                ?? throw tokens.Error(tokens.Current.Offset, $"'{name}' is not a value of enum {field.EnumType.FullName} (field '{field.Name}')");
            tokens.Advance();
            return value.Number;
        }
        // Proto3 enums are open: numbers without a name are kept, as protobuf keeps them.
        return (int)ReadSigned(tokens, field, int.MinValue, int.MaxValue);
    }

    private static long ReadSigned(TextTokenizer tokens, FieldDescriptor field, long min, long max)
    {
        var start = tokens.Current.Offset;
        var negative = tokens.TryConsume('-');
        var magnitude = ReadInteger(tokens, field);
        var limit = negative ? (ulong)-(min + 1) + 1 : (ulong)max;
        if (magnitude > limit)
        {
            throw tokens.Error(start, $"{(negative ? "-" : string.Empty)}{magnitude} is out of range for field '{field.Name}' ({field.FieldType})");
        }
        return negative ? (long)(0UL - magnitude) : (long)magnitude;
    }

    private static ulong ReadUnsigned(TextTokenizer tokens, FieldDescriptor field, ulong max)
    {
        var start = tokens.Current.Offset;
        if (tokens.IsSymbol('-'))
        {
            throw tokens.Error(start, $"field '{field.Name}' ({field.FieldType}) cannot be negative");
        }
        var magnitude = ReadInteger(tokens, field);
        if (magnitude > max)
        {
            throw tokens.Error(start, $"{magnitude} is out of range for field '{field.Name}' ({field.FieldType})");
        }
        return magnitude;
    }

    private static ulong ReadInteger(TextTokenizer tokens, FieldDescriptor field)
    {
        var token = tokens.Current;
        if (token.Kind != TextTokenKind.Integer)
        {
            throw tokens.Unexpected($"an integer for field '{field.Name}'");
        }
        var value = ParseMagnitude(tokens, token, tokens.TextOf(token));
        tokens.Advance();
        return value;
    }

    /// <summary>An unsigned integer token's value: decimal, <c>0x</c> hexadecimal or leading-zero octal.</summary>
    private static ulong ParseMagnitude(TextTokenizer tokens, TextToken token, string text)
    {
        var (start, radix) = text.Length > 1 && text[0] == '0'
            ? text[1] is 'x' or 'X' ? (2, 16UL) : (1, 8UL)
            : (0, 10UL);
        ulong value = 0;
        for (var i = start; i < text.Length; i++)
        {
            var digit = (ulong)Uri.FromHex(text[i]);
            if (digit >= radix)
            {
                throw tokens.Error(token.Offset, $"'{text}' is not a valid octal number");
            }
            if (value > (ulong.MaxValue - digit) / radix)
            {
                throw tokens.Error(token.Offset, $"'{text}' does not fit in 64 bits");
            }
            value = (value * radix) + digit;
        }
        return value;
    }

    private static bool IsNamed(string text, string name) => string.Equals(text, name, StringComparison.OrdinalIgnoreCase);
}
