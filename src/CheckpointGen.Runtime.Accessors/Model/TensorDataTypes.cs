using System.Numerics;

namespace CheckpointGen.Runtime;

/// <summary>Facts about each <see cref="TensorDataType"/>: element size, name, C# element type.</summary>
public static class TensorDataTypes
{
    /// <summary>Whether <paramref name="type"/> is a value this library knows (reference types excluded).</summary>
    public static bool IsDefined(TensorDataType type) => type is > TensorDataType.Invalid and <= TensorDataType.Float8E4M3FN;

    /// <summary>Bytes per element, or 0 for variable-size types (string, variant) and resource.</summary>
    public static int ElementSize(TensorDataType type) => type switch
    {
        TensorDataType.Float => 4,
        TensorDataType.Double => 8,
        TensorDataType.Int32 => 4,
        TensorDataType.UInt8 => 1,
        TensorDataType.Int16 => 2,
        TensorDataType.Int8 => 1,
        TensorDataType.Complex64 => 8,
        TensorDataType.Int64 => 8,
        TensorDataType.Bool => 1,
        TensorDataType.QInt8 => 1,
        TensorDataType.QUInt8 => 1,
        TensorDataType.QInt32 => 4,
        TensorDataType.BFloat16 => 2,
        TensorDataType.QInt16 => 2,
        TensorDataType.QUInt16 => 2,
        TensorDataType.UInt16 => 2,
        TensorDataType.Complex128 => 16,
        TensorDataType.Half => 2,
        TensorDataType.UInt32 => 4,
        TensorDataType.UInt64 => 8,
        TensorDataType.Float8E5M2 => 1,
        TensorDataType.Float8E4M3FN => 1,
        _ => 0,
    };

    /// <summary>Whether every element has the same size, so the tensor is a flat array.</summary>
    public static bool IsFixedSize(TensorDataType type) => ElementSize(type) > 0;

    /// <summary>
    /// The numpy-style name used by the CLI and generated docs: float32, float64, float16,
    /// bfloat16, int8…uint64, bool, string, complex64, complex128; others are TensorFlow's enum
    /// name in lower case without <c>DT_</c>.
    /// </summary>
    public static string Name(TensorDataType type) => type switch
    {
        TensorDataType.Float => "float32",
        TensorDataType.Double => "float64",
        TensorDataType.Half => "float16",
        TensorDataType.BFloat16 => "bfloat16",
        TensorDataType.Int8 => "int8",
        TensorDataType.Int16 => "int16",
        TensorDataType.Int32 => "int32",
        TensorDataType.Int64 => "int64",
        TensorDataType.UInt8 => "uint8",
        TensorDataType.UInt16 => "uint16",
        TensorDataType.UInt32 => "uint32",
        TensorDataType.UInt64 => "uint64",
        TensorDataType.Bool => "bool",
        TensorDataType.String => "string",
        TensorDataType.Complex64 => "complex64",
        TensorDataType.Complex128 => "complex128",
        TensorDataType.QInt8 => "qint8",
        TensorDataType.QUInt8 => "quint8",
        TensorDataType.QInt16 => "qint16",
        TensorDataType.QUInt16 => "quint16",
        TensorDataType.QInt32 => "qint32",
        TensorDataType.Resource => "resource",
        TensorDataType.Variant => "variant",
        TensorDataType.Float8E5M2 => "float8_e5m2",
        TensorDataType.Float8E4M3FN => "float8_e4m3fn",
        _ => "invalid(" + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
    };

    /// <summary>Parses a name produced by <see cref="Name"/>.</summary>
    public static bool TryParse(string name, out TensorDataType type)
    {
        for (var t = TensorDataType.Float; t <= TensorDataType.Float8E4M3FN; t++)
        {
            if (string.Equals(Name(t), name, StringComparison.OrdinalIgnoreCase))
            {
                type = t;
                return true;
            }
        }
        type = TensorDataType.Invalid;
        return false;
    }

    /// <summary>
    /// The C# element type a tensor of <paramref name="type"/> is read as, or null where there is
    /// none (string, resource, variant). Quantized and float8 types read as their raw integers;
    /// float16 is <c>System.Half</c> where the platform has it (this library's net8.0 and later
    /// builds) and its raw bits as <see cref="ushort"/> elsewhere.
    /// </summary>
    public static Type? ElementType(TensorDataType type) => type switch
    {
        TensorDataType.Float => typeof(float),
        TensorDataType.Double => typeof(double),
        TensorDataType.Int32 => typeof(int),
        TensorDataType.UInt8 => typeof(byte),
        TensorDataType.Int16 => typeof(short),
        TensorDataType.Int8 => typeof(sbyte),
        TensorDataType.Complex64 => typeof(Complex64),
        TensorDataType.Int64 => typeof(long),
        TensorDataType.Bool => typeof(bool),
        TensorDataType.QInt8 => typeof(sbyte),
        TensorDataType.QUInt8 => typeof(byte),
        TensorDataType.QInt32 => typeof(int),
        TensorDataType.BFloat16 => typeof(BFloat16),
        TensorDataType.QInt16 => typeof(short),
        TensorDataType.QUInt16 => typeof(ushort),
        TensorDataType.UInt16 => typeof(ushort),
        TensorDataType.Complex128 => typeof(Complex),
#if NET
        TensorDataType.Half => typeof(Half),
#else
        TensorDataType.Half => typeof(ushort),
#endif
        TensorDataType.UInt32 => typeof(uint),
        TensorDataType.UInt64 => typeof(ulong),
        TensorDataType.Float8E5M2 => typeof(byte),
        TensorDataType.Float8E4M3FN => typeof(byte),
        _ => null,
    };

    /// <summary>
    /// Whether a tensor of <paramref name="type"/> can be read as elements of
    /// <paramref name="elementType"/>: its <see cref="ElementType"/>, or, for float16 and
    /// bfloat16, <see cref="ushort"/> holding the raw bits. Raw bits read the same in every build of
    /// this library, so code compiled against one build (a netstandard2.0 library) runs against
    /// another (the net10.0 build an app deploys).
    /// </summary>
    public static bool CanReadAs(TensorDataType type, Type elementType) =>
        ElementType(type) is { } expected
        && (expected == elementType || (elementType == typeof(ushort) && HasRawBitsElement(type)));

    /// <summary>The error message for reading tensor <paramref name="name"/> as elements <see cref="CanReadAs"/> refuses.</summary>
    internal static string CannotReadAs(string name, TensorDataType type, Type elementType) =>
        $"'{name}' is {Name(type)}; it cannot be read as {elementType.Name}: " + ElementType(type) switch
        {
            null => "it has no fixed-size element type.",
            { } expected when HasRawBitsElement(type) && expected != typeof(ushort) => $"read it as {expected.Name}, or as UInt16 for the raw bits.",
            { } expected => $"read it as {expected.Name}.",
        };

    private static bool HasRawBitsElement(TensorDataType type) => type is TensorDataType.Half or TensorDataType.BFloat16;
}
