namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// What the compiler knows about one graph tensor: its dtype and static shape (the batch, the only
/// dimension that may be unknown, is <see cref="Contracts.Plan.PlanValue.Batch"/> and only first),
/// its values when known at build time, and the run-time value that holds it otherwise.
/// </summary>
internal sealed class Symbol
{
    private Symbol(string dtype, long[] dims, float[]? floats, long[]? ints, int value, string origin, byte[][]? strings = null)
    {
        DType = dtype;
        Dims = dims;
        Floats = floats;
        Ints = ints;
        Strings = strings;
        Value = value;
        Origin = origin;
    }

    /// <summary>float32, int32, int64, bool, or string (serialized examples fed in; the keys and names of a parse).</summary>
    public string DType { get; }

    public long[] Dims { get; }

    /// <summary>float32 values known at build time.</summary>
    public float[]? Floats { get; }

    /// <summary>Integer (and bool) values known at build time.</summary>
    public long[]? Ints { get; }

    /// <summary>String values known at build time (a parse's feature keys); never a run-time value.</summary>
    public byte[][]? Strings { get; }

    /// <summary>The run-time value (<see cref="ProgramBuilder"/> id) when the values are not known; -1 otherwise.</summary>
    public int Value { get; }

    /// <summary>
    /// For a constant: the checkpoint variable or Const node it came from unchanged
    /// (<c>var:NAME</c>, <c>const:NODE</c>), so the plan can point at stored bytes instead of
    /// copying; empty for folded values.
    /// </summary>
    public string Origin { get; }

    public bool IsConstant => Value < 0;

    public bool IsBatched => Dims.Length > 0 && Dims[0] == Contracts.Plan.PlanValue.Batch;

    /// <summary>The element count, counting the batch as 1.</summary>
    public long RowLength => Dims.Aggregate(1L, (a, d) => a * (d < 0 ? 1 : d));

    public static Symbol Constant(float[] values, long[] dims, string origin = "") => new("float32", dims, values, null, -1, origin);

    public static Symbol Constant(string dtype, long[] values, long[] dims) => new(dtype, dims, null, values, -1, string.Empty);

    public static Symbol Constant(byte[][] strings, long[] dims) => new(Contracts.Plan.ProgramDTypes.String, dims, null, null, -1, string.Empty, strings);

    public static Symbol Runtime(string dtype, long[] dims, int value) => new(dtype, dims, null, null, value, string.Empty);

    public string ShapeText => "[" + string.Join(", ", Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
