using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Integer arithmetic and bool logic at run time, what loops compute with: a counter incremented
/// each iteration (<c>AddV2</c> on int32), a condition <c>LogicalAnd(Less(i, n), …)</c>. Folded
/// when the operands are known, else an IntegerBinary or Logical step.
/// </summary>
internal static class CounterOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["LogicalAnd"] = ctx => new[] { Logical(ctx, "And", ctx.Input(0), ctx.Input(1)) };
        table["LogicalOr"] = ctx => new[] { Logical(ctx, "Or", ctx.Input(0), ctx.Input(1)) };
        table["LogicalNot"] = ctx => new[] { Not(ctx, ctx.Input(0)) };
    }

    /// <summary>Whether <see cref="ElementwiseOps.Binary"/> hands <paramref name="a"/> op <paramref name="b"/> to <see cref="IntegerBinary"/>: integers of one dtype, one of them known only at run time.</summary>
    public static bool IsRuntimeInteger(Symbol a, Symbol b) =>
        a.DType == b.DType && a.DType is ProgramDTypes.Int32 or ProgramDTypes.Int64 && !(a.IsConstant && b.IsConstant);

    public static Symbol IntegerBinary(OpContext ctx, BinaryOperator op, Symbol a, Symbol b)
    {
        if (op == BinaryOperator.Div || IntegerDivision.Supports(op))
        {
            return MathOps.IntegerDivide(ctx, op, a, b);
        }
        if (!IntegerArithmetic.Supports(op))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"computes {op} on {a.DType} at run time; this version runs Add, Sub, Mul, Maximum, Minimum and the divisions (Div, FloorDiv, FloorMod, TruncateDiv, TruncateMod) on integers");
        }
        var (dims, modes, inner) = ComparisonOps.Layout(ctx, a, b);
        var c = ctx.Program.AddTemporary(a.DType, dims);
        ctx.Program.AddStep(ProgramKernels.IntegerBinary, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op.ToString()), ("a", ComparisonOps.Mode(modes[0])), ("b", ComparisonOps.Mode(modes[1])), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime(a.DType, dims, c);
    }

    private static Symbol Logical(OpContext ctx, string op, Symbol a, Symbol b)
    {
        Bool(ctx, a);
        Bool(ctx, b);
        var (dims, modes, inner) = ComparisonOps.Layout(ctx, a, b);
        if (a.Ints is { } ai && b.Ints is { } bi)
        {
            var folded = new bool[Shapes.Count(dims)];
            Graphs(op == "Or", ai, modes[0], bi, modes[1], (int)inner, folded);
            return Symbol.Constant(ProgramDTypes.Bool, folded.Select(v => v ? 1L : 0L).ToArray(), dims);
        }
        var c = ctx.Program.AddTemporary(ProgramDTypes.Bool, dims);
        ctx.Program.AddStep(ProgramKernels.Logical, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op), ("a", ComparisonOps.Mode(modes[0])), ("b", ComparisonOps.Mode(modes[1])), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime(ProgramDTypes.Bool, dims, c);
    }

    private static Symbol Not(OpContext ctx, Symbol x)
    {
        Bool(ctx, x);
        if (x.Ints is { } values)
        {
            return Symbol.Constant(ProgramDTypes.Bool, values.Select(v => v != 0 ? 0L : 1L).ToArray(), x.Dims);
        }
        var y = ctx.Program.AddTemporary(ProgramDTypes.Bool, x.Dims);
        ctx.Program.AddStep(ProgramKernels.Logical, y, new[] { x.Value }, ("op", "Not"), ("a", "same"), ("b", "same"), ("inner", "1"));
        return Symbol.Runtime(ProgramDTypes.Bool, x.Dims, y);
    }

    /// <summary>Folds with the kernel the program runs.</summary>
    private static void Graphs(bool or, long[] a, Broadcast aMode, long[] b, Broadcast bMode, int inner, bool[] c) =>
        Inference.Graphs.Logical.Binary(or, a.Select(v => v != 0).ToArray(), aMode, b.Select(v => v != 0).ToArray(), bMode, inner, c);

    private static void Bool(OpContext ctx, Symbol s)
    {
        if (s.DType != ProgramDTypes.Bool)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"takes a {s.DType} operand; TensorFlow's logical ops take bool");
        }
    }
}
