using System.Numerics;

namespace CheckpointGen.Runtime;

/// <summary>Facts about each <see cref="TensorDataType"/>: element size, name, C# element type.</summary>
public static class TensorDataTypes
{
    /// <summary>Whether <paramref name="type"/> is a value this library knows (reference types excluded).</summary>
    public static bool IsDefined(TensorDataType type) => type is > TensorDataType.Invalid and <= TensorDataType.Float8E4M3FN;

    /// <summary>Bytes per element, or 0 for variable-size types (string, variant) and resource.</summary>
    public static int ElementSize(TensorDataType type) => DTypes.SizeOf((int)type);

    /// <summary>Whether every element has the same size, so the tensor is a flat array.</summary>
    public static bool IsFixedSize(TensorDataType type) => ElementSize(type) > 0;

    /// <summary>
    /// The numpy-style name used by the CLI and generated docs: float32, float64, float16,
    /// bfloat16, int8…uint64, bool, string, complex64, complex128; others are TensorFlow's enum
    /// name in lower case without <c>DT_</c>.
    /// </summary>
    public static string Name(TensorDataType type) =>
        DTypes.NameOf((int)type) ?? "invalid(" + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>Parses a name produced by <see cref="Name"/>.</summary>
    public static bool TryParse(string name, out TensorDataType type)
    {
        type = (TensorDataType)DTypes.NumberOf(name);
        return type != TensorDataType.Invalid;
    }

    /// <summary>
    /// The C# element type a tensor of <paramref name="type"/> is read as, or null where there is
    /// none (string, resource, variant). Quantized and float8 types read as their raw integers;
    /// float16 is <c>System.Half</c> where the platform has it (this library's net8.0 and later
    /// builds) and its raw bits as <see cref="ushort"/> elsewhere.
    /// </summary>
    public static Type? ElementType(TensorDataType type) => (int)type >= 0 && (int)type < ElementTypes.Length ? ElementTypes[(int)type] : null;

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

    private static bool HasRawBitsElement(TensorDataType type) => DTypes.HasRawBits(Name(type));

#if NET
    /// <summary>Whether this build reads float16 as <c>System.Half</c> (what OfferedElementTypes.cs tells the generator).</summary>
    private const bool OffersHalf = true;
#else
    private const bool OffersHalf = false;
#endif

    /// <summary><see cref="ElementType"/> by number, from the table's C# names, built once: reads check it every time.</summary>
    private static readonly Type?[] ElementTypes = ElementTypesByNumber();

    private static Type?[] ElementTypesByNumber()
    {
        var types = new Type?[(int)TensorDataType.Float8E4M3FN + 1];
        for (var number = 0; number < types.Length; number++)
        {
            if (DTypes.NameOf(number) is { } name && DTypes.IsKnown(name))
            {
                types[number] = ClrType(DTypes.ElementType(name, hasHalf: OffersHalf));
            }
        }
        return types;
    }

    /// <summary>The type a C# name in the dtype table stands for.</summary>
    private static Type? ClrType(string? name) => name switch
    {
        null => null,
        "float" => typeof(float),
        "double" => typeof(double),
        "sbyte" => typeof(sbyte),
        "short" => typeof(short),
        "int" => typeof(int),
        "long" => typeof(long),
        "byte" => typeof(byte),
        "ushort" => typeof(ushort),
        "uint" => typeof(uint),
        "ulong" => typeof(ulong),
        "bool" => typeof(bool),
        DTypes.Runtime + ".BFloat16" => typeof(BFloat16),
        DTypes.Runtime + ".Complex64" => typeof(Complex64),
        "global::System.Numerics.Complex" => typeof(Complex),
#if NET
        "global::System.Half" => typeof(Half),
#endif
        _ => throw new InvalidOperationException($"the dtype table names element type '{name}', which the runtime does not know"),
    };
}
