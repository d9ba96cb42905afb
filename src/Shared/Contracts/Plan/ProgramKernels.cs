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

    private static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        [Copy] = Array.Empty<string>(),
        [Unary] = new[] { "op", "alpha" },
        [Binary] = new[] { "op", "a", "b", "inner" },
        [MatMul] = new[] { "k", "n", "transposeA", "transposeB", "activation", "alpha" },
        [Softmax] = new[] { "width", "log" },
        [Reduce] = new[] { "op", "reduce", "inner" },
        [Concat] = new[] { "chunks" },
    };

    public static bool IsKnown(string kernel) => Attributes.ContainsKey(kernel);

    /// <summary>The attribute names <paramref name="kernel"/> needs, in the order the plan lists them.</summary>
    public static IReadOnlyList<string> AttributesOf(string kernel) => Attributes[kernel];
}
