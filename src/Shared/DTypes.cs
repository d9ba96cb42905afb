namespace CheckpointGen;

/// <summary>
/// The one dtype table: TensorFlow's <c>DataType</c> number, the dtype's name (as the CLI, the
/// plan and <c>TensorDataTypes.Name</c> spell it), the runtime's <c>TensorDataType</c> member,
/// the element size and the C# element type. The runtime (<c>TensorDataTypes</c>) answers from
/// it, the planner accepts exactly its exposable dtypes, the generator prints from it and the
/// analyzer compares against it. Compiled as source into the accessors (which everything with a
/// runtime reference sees) and into the generator (which has none).
/// </summary>
internal static class DTypes
{
    public const string Runtime = "global::CheckpointGen.Runtime";

    public const string String = "string";

    private const string Half = "global::System.Half";

    /// <summary>The element type float16 falls back to where <c>System.Half</c> is missing, and the raw-bits type of float16 and bfloat16.</summary>
    public const string RawBits = "ushort";

    // Element: the C# element type; null for string (its own accessor) and for the dtypes that
    // hold no stored value (resource, variant). RawBits: besides its element type, the tensor
    // reads as ushort raw bits in every build of the runtime.
    private static readonly (int Number, string Name, string Member, int Size, string? Element, bool RawBits)[] Table =
    {
        (1, "float32", "Float", 4, "float", false),
        (2, "float64", "Double", 8, "double", false),
        (19, "float16", "Half", 2, Half, true),
        (14, "bfloat16", "BFloat16", 2, Runtime + ".BFloat16", true),
        (6, "int8", "Int8", 1, "sbyte", false),
        (5, "int16", "Int16", 2, "short", false),
        (3, "int32", "Int32", 4, "int", false),
        (9, "int64", "Int64", 8, "long", false),
        (4, "uint8", "UInt8", 1, "byte", false),
        (17, "uint16", "UInt16", 2, "ushort", false),
        (22, "uint32", "UInt32", 4, "uint", false),
        (23, "uint64", "UInt64", 8, "ulong", false),
        (10, "bool", "Bool", 1, "bool", false),
        (7, String, "String", 0, null, false),
        (8, "complex64", "Complex64", 8, Runtime + ".Complex64", false),
        (18, "complex128", "Complex128", 16, "global::System.Numerics.Complex", false),
        (11, "qint8", "QInt8", 1, "sbyte", false),
        (12, "quint8", "QUInt8", 1, "byte", false),
        (15, "qint16", "QInt16", 2, "short", false),
        (16, "quint16", "QUInt16", 2, "ushort", false),
        (13, "qint32", "QInt32", 4, "int", false),
        (24, "float8_e5m2", "Float8E5M2", 1, "byte", false),
        (25, "float8_e4m3fn", "Float8E4M3FN", 1, "byte", false),
        (20, "resource", "Resource", 0, null, false),
        (21, "variant", "Variant", 0, null, false),
    };

    /// <summary>Rows by TensorFlow number; -1 where none.</summary>
    private static readonly int[] ByNumber = IndexByNumber();

    /// <summary>Whether generated code can expose a tensor of this dtype: a fixed-size one, or string.</summary>
    public static bool IsKnown(string dtype) => Find(dtype) is var i and >= 0 && (Table[i].Size > 0 || Table[i].Name == String);

    /// <summary>
    /// The element type, or null for string tensors (and those with no stored value). float16 is
    /// <c>System.Half</c> where the consumer's compilation has it, else its raw bits as <c>ushort</c>.
    /// </summary>
    public static string? ElementType(string dtype, bool hasHalf)
    {
        var element = Table[Index(dtype)].Element;
        return element == Half && !hasHalf ? RawBits : element;
    }

    /// <summary>The runtime's <c>TensorDataType</c> member, fully qualified.</summary>
    public static string DataTypeMember(string dtype) => Runtime + ".TensorDataType." + Table[Index(dtype)].Member;

    /// <summary>Whether a tensor of <paramref name="dtype"/> also reads as <see cref="RawBits"/> in every runtime build (float16, bfloat16).</summary>
    public static bool HasRawBits(string dtype) => Find(dtype) is var i and >= 0 && Table[i].RawBits;

    /// <summary>The dtype name of TensorFlow's <c>DataType</c> <paramref name="number"/>, or null for one not in the table.</summary>
    public static string? NameOf(int number) => Row(number) is var i and >= 0 ? Table[i].Name : null;

    /// <summary>Bytes per element of <paramref name="number"/>; 0 for variable-size and unknown dtypes.</summary>
    public static int SizeOf(int number) => Row(number) is var i and >= 0 ? Table[i].Size : 0;

    /// <summary>TensorFlow's number for a dtype <paramref name="name"/> (any case), or 0 (DT_INVALID).</summary>
    public static int NumberOf(string name)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return row.Number;
            }
        }
        return 0;
    }

    private static int Row(int number) => number >= 0 && number < ByNumber.Length ? ByNumber[number] : -1;

    private static int[] IndexByNumber()
    {
        // Loops, not Linq: over this tuple type Linq is JIT compiled at every process start.
        var largest = 0;
        foreach (var row in Table)
        {
            largest = Math.Max(largest, row.Number);
        }
        var rows = new int[largest + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = -1;
        }
        for (var i = 0; i < Table.Length; i++)
        {
            rows[Table[i].Number] = i;
        }
        return rows;
    }

    private static int Find(string dtype) => Array.FindIndex(Table, row => row.Name == dtype);

    private static int Index(string dtype) =>
        Find(dtype) is var i and >= 0 ? i : throw new ArgumentException($"'{dtype}' is not a dtype generated code supports", nameof(dtype));
}
