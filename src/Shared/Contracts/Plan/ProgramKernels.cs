namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The kernels a <see cref="PlanStep"/> may name, with the attributes each needs: the one list the
/// graph compiler writes, the plan reader checks and the printer prints calls for.
/// </summary>
internal static class ProgramKernels
{
    /// <summary>y = x (a result that is another value, a Reshape the layout cannot alias).</summary>
    public const string Copy = "Copy";

    /// <summary>y = op(x) elementwise; <c>op</c> names a <c>UnaryOperator</c>, <c>alpha</c> LeakyRelu's slope.</summary>
    public const string Unary = "Unary";

    /// <summary>
    /// c = op(a, b) elementwise; <c>op</c> names a <c>BinaryOperator</c>. <c>a</c> and <c>b</c> say
    /// how each operand is indexed for element i of c: <c>same</c> (i), <c>row</c> (i mod its
    /// length), <c>col</c> ((i / <c>inner</c>) mod its length): every broadcast TensorFlow allows
    /// between an operand and the result reduces to one of these or is rejected at build time.
    /// </summary>
    public const string Binary = "Binary";

    /// <summary>
    /// c = act(op(a) · B + bias) with B a constant packed once per instance: inputs a, B and
    /// optionally bias. Attributes: <c>k</c>, <c>n</c>, <c>transposeA</c> (a static), <c>transposeB</c>,
    /// <c>activation</c> (an <c>ActivationKind</c>), <c>alpha</c>.
    /// </summary>
    public const string MatMul = "MatMul";

    /// <summary>Softmax over the last dimension of <c>width</c> elements; <c>log</c> for LogSoftmax.</summary>
    public const string Softmax = "Softmax";

    /// <summary>
    /// Reduces the middle of [outer, reduce, inner] (outer from the input's length): <c>op</c> is
    /// Sum, Mean, Max, Min or Prod.
    /// </summary>
    public const string Reduce = "Reduce";

    /// <summary>Concatenates inputs along an axis: <c>chunks</c> lists each input's elements per outer index.</summary>
    public const string Concat = "Concat";

    /// <summary>
    /// NHWC convolution by the packed GEMM: inputs image, HWIO filter (packed once per instance),
    /// im2col scratch, optional bias. Geometry <c>h w fh fw sh sw padding dh dw pt pb pl pr</c> as
    /// <c>ConvGeometry.Create</c> takes it, the input's <c>channels</c>, <c>activation</c>, <c>alpha</c>.
    /// </summary>
    public const string Conv2D = "Conv2D";

    /// <summary>NHWC depthwise convolution: inputs image, filter [H, W, C, multiplier], optional bias; the geometry, <c>multiplier</c>, <c>activation</c>, <c>alpha</c>.</summary>
    public const string DepthwiseConv2D = "DepthwiseConv2D";

    /// <summary>NHWC max or average pooling (<c>kind</c> Max or Average) with the geometry.</summary>
    public const string Pool = "Pool";

    /// <summary>
    /// A strided walk (<c>StridedMap</c>): y[yOffset + Σ i·yStrides] = x[xOffset + Σ i·xStrides]
    /// over the index space <c>dims</c> (comma lists; a first dimension of -1 is the batch).
    /// Transpose, Slice, StridedSlice, Tile, Split, SplitV, Unpack, Fill and BroadcastTo at run time.
    /// </summary>
    public const string Strided = "Strided";

    /// <summary>As <see cref="Strided"/> after filling y with <c>value</c>: constant padding (Pad, PadV2).</summary>
    public const string Pad = "Pad";

    /// <summary>
    /// c = op(a, b) with NumPy broadcasting in a pattern <see cref="Binary"/>'s modes do not cover
    /// (e.g. [B, 1, C] with [B, H, C]): a walk over <c>dims</c> (c's shape) with each operand's
    /// <c>aStrides</c>/<c>bStrides</c>, 0 along a broadcast dimension, and c's own <c>cStrides</c>.
    /// </summary>
    public const string BroadcastBinary = "BroadcastBinary";

    /// <summary>y = x converted to y's dtype (TensorFlow's Cast: float to integer truncates, to bool is x != 0).</summary>
    public const string Cast = "Cast";

    /// <summary>c = a op b, a bool tensor; <c>op</c> names a <c>ComparisonOperator</c>; <c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>.</summary>
    public const string Compare = "Compare";

    /// <summary>y = condition ? a : b; inputs condition (bool), a, b; each indexed by its mode (<c>condition</c>, <c>a</c>, <c>b</c>) as for <see cref="Binary"/>.</summary>
    public const string Select = "Select";

    /// <summary>The index of the largest (<c>min</c> false) or smallest element over the middle of [outer, reduce, inner], into an int32 or int64 output.</summary>
    public const string ArgReduce = "ArgReduce";

    /// <summary>
    /// Stacks of matrix products with both operands read where they lie (no packing): inputs a, b;
    /// <c>m</c> (-1: A's rows are the batch, its length over <c>k</c>), <c>k</c>, <c>n</c>,
    /// <c>adjointA</c>, <c>adjointB</c>, and how each operand's matrices repeat over the result's
    /// (<c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>, counted in matrices).
    /// </summary>
    public const string BatchMatMul = "BatchMatMul";

    /// <summary>y = zeros: a TensorList's buffer as TensorListReserve makes it (items never set read as zeros).</summary>
    public const string ListReserve = "ListReserve";

    /// <summary>
    /// item = list[index]: inputs list, index (an int32 scalar read at run time); the list holds
    /// <c>count</c> items of <c>item</c> elements per batch row, batch-major (<c>TensorLists.GetItem</c>).
    /// </summary>
    public const string ListGetItem = "ListGetItem";

    /// <summary>
    /// list[index] = item, in place: inputs list, index, item; the output is the list's own value
    /// (the compiler copies the list first when another reader needs it unchanged).
    /// </summary>
    public const string ListSetItem = "ListSetItem";

    /// <summary>c = op(a, b) on int32 or int64 (Add, Sub, Mul, Maximum, Minimum; wrapping); <c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>.</summary>
    public const string IntegerBinary = "IntegerBinary";

    /// <summary>Bool logic: <c>op</c> And or Or of a and b (<c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>), or Not of a (modes <c>same</c>).</summary>
    public const string Logical = "Logical";

    /// <summary>
    /// Gather, GatherV2, ResourceGather: inputs parameters and int32/int64 indices, seen as
    /// [groups, outer, <c>axis</c>, <c>inner</c>] and [groups, count]; <c>groups</c> the leading
    /// dimensions batch_dims shares (times the batch when <c>batchedGroups</c>); <c>node</c> names the
    /// graph node in the run-time error for an index out of range.
    /// </summary>
    public const string Gather = "Gather";

    /// <summary>
    /// TensorFlow's ParseExample/ParseExampleV2 for one dense feature: inputs the serialized examples
    /// (a string parameter) and, when the feature has one, its default row; the output's dtype
    /// (float32 or int64) is the list kind read, its row length the feature's element count;
    /// <c>key</c> is the feature key's bytes in base64.
    /// </summary>
    public const string ParseExample = "ParseExample";

    /// <summary>
    /// c = op(a, b) on int32 or int64: FloorDiv, FloorMod, TruncateDiv or TruncateMod (<c>IntegerDivision</c>);
    /// <c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>; <c>node</c> names the graph node in the
    /// run-time error for a zero divisor.
    /// </summary>
    public const string IntegerDivision = "IntegerDivision";

    private static readonly string[] Geometry = { "h", "w", "fh", "fw", "sh", "sw", "padding", "dh", "dw", "pt", "pb", "pl", "pr", "channels" };

    private static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        [Copy] = Array.Empty<string>(),
        [Unary] = new[] { "op", "alpha" },
        [Binary] = new[] { "op", "a", "b", "inner" },
        [MatMul] = new[] { "k", "n", "transposeA", "transposeB", "activation", "alpha" },
        [Softmax] = new[] { "width", "log" },
        [Reduce] = new[] { "op", "reduce", "inner" },
        [Concat] = new[] { "chunks" },
        [Strided] = new[] { "dims", "xStrides", "xOffset", "yStrides", "yOffset" },
        [Pad] = new[] { "dims", "xStrides", "xOffset", "yStrides", "yOffset", "value" },
        [BroadcastBinary] = new[] { "op", "dims", "aStrides", "bStrides", "cStrides" },
        [Conv2D] = Geometry.Concat(new[] { "activation", "alpha" }).ToArray(),
        [DepthwiseConv2D] = Geometry.Concat(new[] { "multiplier", "activation", "alpha" }).ToArray(),
        [Pool] = Geometry.Concat(new[] { "kind" }).ToArray(),
        [Cast] = Array.Empty<string>(),
        [Compare] = new[] { "op", "a", "b", "inner" },
        [Select] = new[] { "condition", "a", "b", "inner" },
        [ArgReduce] = new[] { "min", "reduce", "inner" },
        [BatchMatMul] = new[] { "m", "k", "n", "adjointA", "adjointB", "a", "b", "inner" },
        [IntegerBinary] = new[] { "op", "a", "b", "inner" },
        [Logical] = new[] { "op", "a", "b", "inner" },
        [ListReserve] = Array.Empty<string>(),
        [ListGetItem] = new[] { "count", "item" },
        [ListSetItem] = new[] { "count", "item" },
        [Gather] = new[] { "groups", "batchedGroups", "axis", "inner", "node" },
        [ParseExample] = new[] { "key" },
        [IntegerDivision] = new[] { "op", "a", "b", "inner", "node" },
    };

    /// <summary>Kernels whose inputs and output may be of any <see cref="ProgramDTypes"/> the kernel's own rule allows; every other kernel computes float32 only.</summary>
    private static readonly HashSet<string> Typed = new(StringComparer.Ordinal) { Copy, Cast, Compare, Select, ArgReduce, Strided, Pad, Concat, IntegerBinary, Logical, ListReserve, ListGetItem, ListSetItem, Gather, ParseExample, IntegerDivision };

    /// <summary>Kernels that apply a bias (their last, optional input) and an activation in their epilogue.</summary>
    public static bool HasEpilogue(string kernel) => kernel is MatMul or Conv2D or DepthwiseConv2D;

    /// <summary>The inputs of <paramref name="kernel"/> before its optional bias.</summary>
    public static int FixedInputs(string kernel) => kernel == Conv2D ? 3 : 2;

    public static bool IsKnown(string kernel) => Attributes.ContainsKey(kernel);

    /// <summary>Whether <paramref name="kernel"/> reads and writes float32 only.</summary>
    public static bool IsFloat32Only(string kernel) => !Typed.Contains(kernel);

    /// <summary>The attribute names <paramref name="kernel"/> needs, in the order the plan lists them.</summary>
    public static IReadOnlyList<string> AttributesOf(string kernel) => Attributes[kernel];
}
