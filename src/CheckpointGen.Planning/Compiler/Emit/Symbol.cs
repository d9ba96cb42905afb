namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// What the compiler knows about one graph tensor: its dtype and static shape (the batch, the only
/// dimension that may be unknown, is <see cref="Contracts.Plan.PlanValue.Batch"/> and only first),
/// its values when known at build time, and the run-time value that holds it otherwise.
/// </summary>
internal sealed class Symbol
{
    private Symbol(string dtype, long[] dims, float[]? floats, long[]? ints, int value, string origin, TensorListLayout? list = null, bool batchSecond = false, byte[][]? strings = null, long groups = 0)
    {
        Groups = groups;
        DType = dtype;
        Dims = dims;
        Floats = floats;
        Ints = ints;
        Strings = strings;
        Value = value;
        Origin = origin;
        List = list;
        BatchSecond = batchSecond;
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

    /// <summary>
    /// For a TensorList: how its items lie in the one buffer <see cref="Value"/> holds (of dims
    /// <see cref="Dims"/>); null for a tensor. Only the TensorList ops (and pass-through ops) read it.
    /// </summary>
    public TensorListLayout? List { get; }

    /// <summary>
    /// A tensor whose graph shape has the batch second ([N, batch, …]: a time-major sequence, as
    /// Transpose [1, 0, …] of a batched tensor and TensorListStack of a list of batched items make
    /// it), held batch-major: <see cref="Dims"/> are the storage's [batch, N, …]. Only the ops that
    /// know this view (<see cref="Ops.TensorListOps.ReadsSpecial"/>) may read it.
    /// </summary>
    public bool BatchSecond { get; }

    /// <summary>
    /// For Keras LayerNormalization's fused form (<see cref="Ops.LayerNormOps"/>): a value whose graph shape is
    /// [1, batch·Groups, inner, 1] (or, for a splat, [batch·Groups]), which no dims can say with the batch first;
    /// held as [batch, Groups, inner] (a splat: its one value, dims [1]). 0 for every other value. Only the ops
    /// <see cref="Ops.LayerNormOps.ReadsGrouped"/> names may read it.
    /// </summary>
    public long Groups { get; }

    /// <summary>Whether this is a value only the TensorList-aware ops (or, grouped, the LayerNormalization ops) may read.</summary>
    public bool IsSpecial => List is not null || BatchSecond || Groups > 0;

    /// <summary>The shape the graph sees: <see cref="Dims"/> with the first two axes swapped for a batch-second view.</summary>
    public long[] GraphDims => BatchSecond ? Dims.Skip(1).Take(1).Append(Dims[0]).Concat(Dims.Skip(2)).ToArray() : Dims;

    public bool IsBatched => Dims.Length > 0 && Dims[0] == Contracts.Plan.PlanValue.Batch;

    /// <summary>The element count, counting the batch as 1.</summary>
    public long RowLength => Dims.Aggregate(1L, (a, d) => a * (d < 0 ? 1 : d));

    public static Symbol Constant(float[] values, long[] dims, string origin = "") => new("float32", dims, values, null, -1, origin);

    public static Symbol Constant(string dtype, long[] values, long[] dims) => new(dtype, dims, null, values, -1, string.Empty);

    public static Symbol Constant(byte[][] strings, long[] dims) => new(Contracts.Plan.ProgramDTypes.String, dims, null, null, -1, string.Empty, strings: strings);

    public static Symbol Runtime(string dtype, long[] dims, int value) => new(dtype, dims, null, null, value, string.Empty);

    /// <summary>A TensorList whose items lie in run-time value <paramref name="value"/> (dims <paramref name="dims"/>) as <paramref name="layout"/> says.</summary>
    public static Symbol TensorList(string dtype, long[] dims, int value, TensorListLayout layout) => new(dtype, dims, null, null, value, string.Empty, layout);

    /// <summary>A batch-second view ([N, batch, …] to the graph) of run-time value <paramref name="value"/>, stored [batch, N, …] (<paramref name="dims"/>).</summary>
    public static Symbol BatchSecondView(string dtype, long[] dims, int value) => new(dtype, dims, null, null, value, string.Empty, batchSecond: true);

    /// <summary>A grouped value (see <see cref="Groups"/>): run-time value <paramref name="value"/> of dims [batch, groups, inner], or a splat of one known value.</summary>
    public static Symbol Grouped(string dtype, long[] dims, int value, long groups, float[]? splat = null) => new(dtype, dims, splat, null, value, string.Empty, groups: groups);

    /// <summary>
    /// <paramref name="x"/> as held in run-time value <paramref name="value"/> of the same dims (a loop's
    /// carried slot): a TensorList stays a list of the same layout (its own buffer now), a
    /// batch-second view stays one, a tensor is a run-time tensor.
    /// </summary>
    public static Symbol HeldIn(Symbol x, int value) => new(x.DType, x.Dims, null, null, value, string.Empty, x.List is { } list ? list with { Shared = false } : null, x.BatchSecond);

    /// <summary>Whether two symbols of equal dims hold the same kind of thing: both tensors, both batch-second views, or lists of the same items.</summary>
    public static bool SameKind(Symbol a, Symbol b) =>
        a.BatchSecond == b.BatchSecond && (a.List is null) == (b.List is null)
        && (a.List is null || (a.List.Count == b.List!.Count && a.List.ItemDims.SequenceEqual(b.List.ItemDims)));

    public string ShapeText => "[" + string.Join(", ", Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
