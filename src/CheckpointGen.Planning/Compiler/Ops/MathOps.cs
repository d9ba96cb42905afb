using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// The math ops of modern activations and of integer index arithmetic: Erf, Erfc, Sin, Cos, Sign,
/// Round, Ceil, Reciprocal/Inv, Softsign (float32, as Unary steps), Pow, FloorDiv, FloorMod,
/// TruncateDiv, TruncateMod (float32 as Binary steps, int32/int64 as IntegerDivision steps, with
/// TensorFlow's rounding), and ClipByValue (Minimum with the upper bound, then Maximum with the lower). All fold when their inputs are known.
/// </summary>
internal static class MathOps
{
    private static readonly Dictionary<string, UnaryOperator> UnaryOps = new(StringComparer.Ordinal)
    {
        ["Erf"] = UnaryOperator.Erf, ["Erfc"] = UnaryOperator.Erfc, ["Sin"] = UnaryOperator.Sin, ["Cos"] = UnaryOperator.Cos,
        ["Sign"] = UnaryOperator.Sign, ["Round"] = UnaryOperator.Round, ["Ceil"] = UnaryOperator.Ceil,
        ["Reciprocal"] = UnaryOperator.Reciprocal, ["Inv"] = UnaryOperator.Reciprocal, ["Softsign"] = UnaryOperator.Softsign,
    };

    private static readonly Dictionary<string, BinaryOperator> BinaryOps = new(StringComparer.Ordinal)
    {
        ["Pow"] = BinaryOperator.Pow, ["FloorDiv"] = BinaryOperator.FloorDiv, ["FloorMod"] = BinaryOperator.FloorMod,
        ["TruncateDiv"] = BinaryOperator.TruncateDiv, ["TruncateMod"] = BinaryOperator.TruncateMod,
    };

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        foreach (var (name, op) in UnaryOps)
        {
            table[name] = ctx => new[] { ElementwiseOps.Unary(ctx, op) };
        }
        foreach (var (name, op) in BinaryOps)
        {
            table[name] = ctx => new[] { Binary(ctx, op, ctx.Input(0), ctx.Input(1)) };
        }
        table["ClipByValue"] = ctx => new[] { ClipByValue(ctx) };
    }

    private static Symbol Binary(OpContext ctx, BinaryOperator op, Symbol a, Symbol b)
    {
        if (a.DType != b.DType)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"takes {a.DType} and {b.DType}; both operands must have one dtype");
        }
        if (a.DType == ProgramDTypes.Float32 && op == BinaryOperator.TruncateDiv)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "divides float32 values; TensorFlow defines TruncateDiv on integers only");
        }
        if (a.DType is ProgramDTypes.Int32 or ProgramDTypes.Int64 && op == BinaryOperator.Pow && !(a.IsConstant && b.IsConstant))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"raises {a.DType} values to a power at run time; this version computes Pow on float32 at run time (integers fold at build time)");
        }
        return ElementwiseOps.Binary(ctx, op, a, b);
    }

    /// <summary>The integer operator an op computes: Div on integers is TruncateDiv, as TensorFlow's kernel divides (FloorDiv floors); the one rule for run-time steps and folding.</summary>
    public static BinaryOperator OnIntegers(BinaryOperator op) => op == BinaryOperator.Div ? BinaryOperator.TruncateDiv : op;

    /// <summary>An IntegerDivision step.</summary>
    public static Symbol IntegerDivide(OpContext ctx, BinaryOperator op, Symbol a, Symbol b)
    {
        op = OnIntegers(op);
        var (dims, modes, inner) = ComparisonOps.Layout(ctx, a, b);
        var c = ctx.Program.AddTemporary(a.DType, dims);
        ctx.Program.AddStep(ProgramKernels.IntegerDivision, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op.ToString()), ("a", ComparisonOps.Mode(modes[0])), ("b", ComparisonOps.Mode(modes[1])), ("inner", OpContext.Num(inner)), ("node", ctx.Node.Name));
        return Symbol.Runtime(a.DType, dims, c);
    }

    /// <summary>One folded quotient or remainder; a zero divisor in the graph's constants is the node's build error.</summary>
    public static long Divide(OpContext ctx, BinaryOperator op, long x, long y, int position) =>
        y == 0 ? throw ctx.Fail(GraphCompileException.BadShape, $"divides by zero (element {position}), which TensorFlow rejects as InvalidArgument")
            : IntegerDivision.Apply(OnIntegers(op), x, y, ctx.Node.Name, position);

    /// <summary>Integer Pow folded: repeated squaring, wrapping as TensorFlow's integer kernel does; negative exponents are TensorFlow's error.</summary>
    public static long IntegerPower(OpContext ctx, long x, long y)
    {
        if (y < 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"raises {x} to the power {y}; TensorFlow does not allow integers to negative integer powers");
        }
        long result = 1;
        for (; y > 0; y >>= 1, x = unchecked(x * x))
        {
            if ((y & 1) != 0)
            {
                result = unchecked(result * x);
            }
        }
        return result;
    }

    /// <summary>
    /// ClipByValue: <c>max(min(t, hi), lo)</c>. TensorFlow's kernel takes bounds that are scalars or of
    /// t's shape; anything else is refused as it refuses it.
    /// </summary>
    private static Symbol ClipByValue(OpContext ctx)
    {
        Symbol t = ctx.Input(0), lo = ctx.Input(1), hi = ctx.Input(2);
        foreach (var bound in new[] { lo, hi })
        {
            if (bound.Dims.Length != 0 && !bound.Dims.SequenceEqual(t.Dims) && Shapes.Count(bound.Dims) != 1)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"clips {t.ShapeText} by a bound of shape {bound.ShapeText}; the bounds must be scalars or of the clipped tensor's shape");
            }
        }
        // TensorFlow's kernel: min with hi first, then max with lo, so lo wins where lo > hi.
        var lowered = ElementwiseOps.Binary(ctx, BinaryOperator.Minimum, t, Scalar(hi, t));
        return ElementwiseOps.Binary(ctx, BinaryOperator.Maximum, lowered, Scalar(lo, t));
    }

    /// <summary>A one-element bound of another rank taken as a scalar, so it broadcasts like one.</summary>
    private static Symbol Scalar(Symbol bound, Symbol t) =>
        bound.Dims.Length == 0 || bound.Dims.SequenceEqual(t.Dims) ? bound
            : bound.Floats is { } f ? Symbol.Constant(f, Array.Empty<long>())
            : bound.Ints is { } i ? Symbol.Constant(bound.DType, i, Array.Empty<long>())
            : bound;
}
