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
    /// <see cref="Conv2D"/> of a 3×3, stride-1, undilated filter by Winograd's F(2×2, 3×3)
    /// (<c>WinogradConv2D</c>): the same inputs (the filter transformed and packed once per
    /// instance, the scratch its transformed tiles) and attributes. The compiler chooses it.
    /// </summary>
    public const string WinogradConv2D = "WinogradConv2D";

    /// <summary>
    /// Conv2DBackpropInput (Keras' Conv2DTranspose): inputs image, filter [H, W, C, O] (packed once
    /// per instance), scratch; the forward convolution's geometry (<c>h</c>, <c>w</c> its input, this
    /// step's result; <c>channels</c> the image's O channels), <c>outChannels</c> C.
    /// </summary>
    public const string Conv2DTranspose = "Conv2DTranspose";

    /// <summary>
    /// ResizeNearestNeighbor or ResizeBilinear (<c>method</c> NearestNeighbor or Bilinear) of NHWC
    /// images [batch, <c>h</c>, <c>w</c>, <c>channels</c>] to [<c>outH</c>, <c>outW</c>], with
    /// <c>alignCorners</c> and <c>halfPixelCenters</c>.
    /// </summary>
    public const string Resize = "Resize";

    /// <summary>
    /// c = op(a, b) on int32 or int64: FloorDiv, FloorMod, TruncateDiv or TruncateMod (<c>IntegerDivision</c>);
    /// <c>a</c>, <c>b</c>, <c>inner</c> as for <see cref="Binary"/>; <c>node</c> names the graph node in the
    /// run-time error for a zero divisor.
    /// </summary>
    public const string IntegerDivision = "IntegerDivision";

    private static readonly string[] Geometry = { "h", "w", "fh", "fw", "sh", "sw", "padding", "dh", "dw", "pt", "pb", "pl", "pr", "channels" };

    /// <summary>
    /// Each kernel's inputs and attributes: the one table the compiler writes steps by and the plan
    /// reader checks them against, so a plan that reads never makes the printer index past a
    /// step's inputs. A new kernel adds its row here (its input count range, and an
    /// <see cref="KernelShape.InputsFrom"/> rule where its attributes fix the count).
    /// </summary>
    private static readonly Dictionary<string, KernelShape> Shapes = new(StringComparer.Ordinal)
    {
        [Copy] = new(1, 1),
        [Unary] = new(1, 1, "op", "alpha"),
        [Binary] = new(2, 2, "op", "a", "b", "inner"),
        // a, B and the epilogue's optional bias.
        [MatMul] = new(2, 3, "k", "n", "transposeA", "transposeB", "activation", "alpha"),
        [Softmax] = new(1, 1, "width", "log"),
        [Reduce] = new(1, 1, "op", "reduce", "inner"),
        [Concat] = new(1, int.MaxValue, "chunks") { InputsFrom = a => a("chunks").Split(',').Length },
        [Strided] = new(1, 1, "dims", "xStrides", "xOffset", "yStrides", "yOffset"),
        [Pad] = new(1, 1, "dims", "xStrides", "xOffset", "yStrides", "yOffset", "value"),
        [BroadcastBinary] = new(2, 2, "op", "dims", "aStrides", "bStrides", "cStrides"),
        // Image, filter, im2col scratch and the epilogue's optional bias.
        [Conv2D] = new(3, 4, Geometry.Concat(new[] { "activation", "alpha" }).ToArray()),
        [DepthwiseConv2D] = new(2, 3, Geometry.Concat(new[] { "multiplier", "activation", "alpha" }).ToArray()),
        [Pool] = new(1, 1, Geometry.Concat(new[] { "kind" }).ToArray()),
        [Cast] = new(1, 1),
        [Compare] = new(2, 2, "op", "a", "b", "inner"),
        [Select] = new(3, 3, "condition", "a", "b", "inner"),
        [ArgReduce] = new(1, 1, "min", "reduce", "inner"),
        [BatchMatMul] = new(2, 2, "m", "k", "n", "adjointA", "adjointB", "a", "b", "inner"),
        [IntegerBinary] = new(2, 2, "op", "a", "b", "inner"),
        [Logical] = new(1, 2, "op", "a", "b", "inner") { InputsFrom = a => a("op") == "Not" ? 1 : 2 },
        [ListReserve] = new(0, 0),
        [ListGetItem] = new(2, 2, "count", "item", "node"),
        [ListSetItem] = new(3, 3, "count", "item", "node"),
        [Gather] = new(2, 2, "groups", "batchedGroups", "axis", "inner", "node"),
        // The serialized examples and the feature's optional default row.
        [ParseExample] = new(1, 2, "key"),
        // Image, filter (transformed and packed once), transformed-tile scratch, optional bias.
        [WinogradConv2D] = new(3, 4, Geometry.Concat(new[] { "activation", "alpha" }).ToArray()),
        // Image, filter (packed once), GEMM scratch.
        [Conv2DTranspose] = new(3, 3, Geometry.Concat(new[] { "outChannels" }).ToArray()),
        [Resize] = new(1, 1, "method", "h", "w", "channels", "outH", "outW", "alignCorners", "halfPixelCenters"),
        [IntegerDivision] = new(2, 2, "op", "a", "b", "inner", "node"),
    };

    /// <summary>Kernels whose inputs and output may be of any <see cref="ProgramDTypes"/> the kernel's own rule allows; every other kernel computes float32 only.</summary>
    private static readonly HashSet<string> Typed = new(StringComparer.Ordinal) { Copy, Cast, Compare, Select, ArgReduce, Strided, Pad, Concat, IntegerBinary, Logical, ListReserve, ListGetItem, ListSetItem, Gather, ParseExample, IntegerDivision };

    /// <summary>Kernels that apply a bias (their last, optional input) and an activation in their epilogue.</summary>
    public static bool HasEpilogue(string kernel) => kernel is MatMul or Conv2D or DepthwiseConv2D or WinogradConv2D;

    /// <summary>The inputs of <paramref name="kernel"/> before its optional ones (an epilogue's bias).</summary>
    public static int FixedInputs(string kernel) => Shapes[kernel].MinInputs;

    public static bool IsKnown(string kernel) => Shapes.ContainsKey(kernel);

    /// <summary>Every kernel a plan may name.</summary>
    public static IEnumerable<string> All => Shapes.Keys;

    /// <summary>Whether <paramref name="kernel"/> reads and writes float32 only.</summary>
    public static bool IsFloat32Only(string kernel) => !Typed.Contains(kernel);

    /// <summary>The attribute names <paramref name="kernel"/> needs, in the order the plan lists them.</summary>
    public static IReadOnlyList<string> AttributesOf(string kernel) => Shapes[kernel].Attributes;

    /// <summary>The fewest and the most inputs a step of <paramref name="kernel"/> may have.</summary>
    public static (int Min, int Max) InputRange(string kernel) => (Shapes[kernel].MinInputs, Shapes[kernel].MaxInputs);

    /// <summary>
    /// Why a step of <paramref name="kernel"/> with <paramref name="inputs"/> inputs and these
    /// attribute values cannot be printed, or null when it can.
    /// </summary>
    public static string? InputCountError(string kernel, int inputs, Func<string, string> attribute)
    {
        var shape = Shapes[kernel];
        if (inputs < shape.MinInputs || inputs > shape.MaxInputs)
        {
            var expected = shape.MinInputs == shape.MaxInputs ? $"{shape.MinInputs}"
                : shape.MaxInputs == int.MaxValue ? $"{shape.MinInputs} or more" : $"{shape.MinInputs} to {shape.MaxInputs}";
            return $"has {inputs} input(s); {kernel} takes {expected}";
        }
        if (shape.InputsFrom?.Invoke(attribute) is { } exact && exact != inputs)
        {
            return $"has {inputs} input(s); {kernel} with its attributes ({string.Join(", ", shape.Attributes.Select(a => $"{a} '{attribute(a)}'"))}) takes {exact}";
        }
        return null;
    }

    /// <summary>A kernel's row of <see cref="Shapes"/>.</summary>
    private sealed class KernelShape
    {
        public KernelShape(int minInputs, int maxInputs, params string[] attributes)
        {
            MinInputs = minInputs;
            MaxInputs = maxInputs;
            Attributes = attributes;
        }

        public int MinInputs { get; }

        public int MaxInputs { get; }

        public string[] Attributes { get; }

        /// <summary>The exact input count some attribute values fix (Concat's chunks, Logical's Not), given the attribute lookup.</summary>
        public Func<Func<string, string>, int>? InputsFrom { get; init; }
    }
}
