namespace CheckpointGen;

/// <summary>
/// The one table from a dtype name (as the plan and <c>TensorDataTypes.Name</c> spell it) to what
/// generated code uses: the runtime's <c>TensorDataType</c> member and the C# element type.
/// The planner accepts exactly these dtypes, the generator prints from it, the analyzer compares
/// against it.
/// </summary>
internal static class DTypes
{
    public const string Runtime = "global::CheckpointGen.Runtime";

    public const string String = "string";

    private const string Half = "global::System.Half";

    // dtype name, TensorDataType member, element type (null: the string accessor).
    private static readonly (string Name, string Member, string? Element)[] Table =
    {
        ("float32", "Float", "float"),
        ("float64", "Double", "double"),
        ("float16", "Half", Half),
        ("bfloat16", "BFloat16", Runtime + ".BFloat16"),
        ("int8", "Int8", "sbyte"),
        ("int16", "Int16", "short"),
        ("int32", "Int32", "int"),
        ("int64", "Int64", "long"),
        ("uint8", "UInt8", "byte"),
        ("uint16", "UInt16", "ushort"),
        ("uint32", "UInt32", "uint"),
        ("uint64", "UInt64", "ulong"),
        ("bool", "Bool", "bool"),
        ("string", "String", null),
        ("complex64", "Complex64", Runtime + ".Complex64"),
        ("complex128", "Complex128", "global::System.Numerics.Complex"),
        ("qint8", "QInt8", "sbyte"),
        ("quint8", "QUInt8", "byte"),
        ("qint16", "QInt16", "short"),
        ("quint16", "QUInt16", "ushort"),
        ("qint32", "QInt32", "int"),
        ("float8_e5m2", "Float8E5M2", "byte"),
        ("float8_e4m3fn", "Float8E4M3FN", "byte"),
    };

    /// <summary>Whether generated code can expose a tensor of this dtype.</summary>
    public static bool IsKnown(string dtype) => Find(dtype) >= 0;

    /// <summary>
    /// The element type, or null for string tensors. float16 is <c>System.Half</c> where the
    /// consumer's compilation has it, else its raw bits as <c>ushort</c>.
    /// </summary>
    public static string? ElementType(string dtype, bool hasHalf)
    {
        var element = Table[Index(dtype)].Element;
        return element == Half && !hasHalf ? "ushort" : element;
    }

    /// <summary>The runtime's <c>TensorDataType</c> member, fully qualified.</summary>
    public static string DataTypeMember(string dtype) => Runtime + ".TensorDataType." + Table[Index(dtype)].Member;

    private static int Find(string dtype) => Array.FindIndex(Table, row => row.Name == dtype);

    private static int Index(string dtype) =>
        Find(dtype) is var i and >= 0 ? i : throw new ArgumentException($"'{dtype}' is not a dtype generated code supports", nameof(dtype));
}
