using System.Globalization;

namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The element types a compiled program computes with at run time: the one list the graph
/// compiler emits, the plan reader accepts and the printer maps to C# (through <see cref="DTypes"/>).
/// </summary>
internal static class ProgramDTypes
{
    public const string Float32 = "float32";
    public const string Int32 = "int32";
    public const string Int64 = "int64";
    public const string Bool = "bool";

    /// <summary>
    /// Serialized protos fed in (a <c>tf.Example</c> per batch row): only a parameter, read only by
    /// <see cref="ProgramKernels.ParseExample"/>; never a slot, literal, weight or result.
    /// </summary>
    public const string String = "string";

    public static readonly string[] All = { Float32, Int32, Int64, Bool, String };

    public static bool IsKnown(string dtype) => Array.IndexOf(All, dtype) >= 0;

    /// <summary>
    /// The C# element type generated code uses: <c>float</c>, <c>int</c>, <c>long</c>, <c>bool</c>;
    /// a string parameter's element is one serialized proto as <c>ReadOnlyMemory&lt;byte&gt;</c>, so a
    /// caller passes slices of its own buffers (a TFRecord file read once, a gRPC request's bytes) without copying.
    /// </summary>
    public static string Element(string dtype) => dtype == String ? "global::System.ReadOnlyMemory<byte>" : DTypes.ElementType(dtype, hasHalf: true)!;

    /// <summary>Whether <paramref name="text"/> is a literal's comma-separated values of <paramref name="dtype"/> as <see cref="Literal"/> writes them.</summary>
    public static bool IsLiteral(string dtype, string text) => dtype != String && text.Length > 0 && text.Split(',').All(v => dtype switch
    {
        Float32 => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        Int32 => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        Int64 => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => v is "0" or "1",
    });

    /// <summary>One literal element as the plan writes it (bool as 0 or 1).</summary>
    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The dtype in field <paramref name="index"/> of a record, checked.</summary>
    /// <exception cref="ContractFormatException">It is not a run-time dtype.</exception>
    public static string Checked(ContractRecord r, int index) =>
        IsKnown(r[index]) ? r[index] : throw r.Error($"dtype '{r[index]}' is not one a program computes with ({string.Join(", ", All)})");
}
