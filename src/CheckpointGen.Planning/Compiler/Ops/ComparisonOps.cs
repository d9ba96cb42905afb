using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Comparisons (bool results) and Select/SelectV2 with TensorFlow's broadcasting, on float32,
/// int32 and int64: folded when every operand is known (by the kernels the program runs), else a
/// Compare or Select step.
/// </summary>
internal static class ComparisonOps
{
    private static readonly Dictionary<string, ComparisonOperator> Operators = new(StringComparer.Ordinal)
    {
        ["Equal"] = ComparisonOperator.Equal, ["NotEqual"] = ComparisonOperator.NotEqual, ["Greater"] = ComparisonOperator.Greater,
        ["GreaterEqual"] = ComparisonOperator.GreaterEqual, ["Less"] = ComparisonOperator.Less, ["LessEqual"] = ComparisonOperator.LessEqual,
    };

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        foreach (var (name, op) in Operators)
        {
            table[name] = ctx => new[] { Compare(ctx, op) };
        }
        table["Select"] = ctx => new[] { Select(ctx, broadcasts: false) };
        table["SelectV2"] = ctx => new[] { Select(ctx, broadcasts: true) };
    }

    private static Symbol Compare(OpContext ctx, ComparisonOperator op)
    {
        Symbol a = ctx.Input(0), b = ctx.Input(1);
        SameDType(ctx, a, b);
        var (dims, modes, inner) = Layout(ctx, a, b);
        if (a.Floats is { } af && b.Floats is { } bf)
        {
            var folded = new bool[Shapes.Count(dims)];
            Comparisons.Compare<float>(op, af, modes[0], bf, modes[1], (int)inner, folded);
            return Bools(folded, dims);
        }
        if (a.Ints is { } ai && b.Ints is { } bi)
        {
            var folded = new bool[Shapes.Count(dims)];
            Comparisons.Compare<long>(op, Static(ctx, ai), modes[0], Static(ctx, bi), modes[1], (int)inner, folded);
            return Bools(folded, dims);
        }
        var c = ctx.Program.AddTemporary(ProgramDTypes.Bool, dims);
        ctx.Program.AddStep(ProgramKernels.Compare, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op.ToString()), ("a", Mode(modes[0])), ("b", Mode(modes[1])), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime(ProgramDTypes.Bool, dims, c);
    }

    /// <summary>Select takes a condition of the values' shape or, TF1's rule, a vector over their first dimension; SelectV2 broadcasts all three.</summary>
    private static Symbol Select(OpContext ctx, bool broadcasts)
    {
        Symbol condition = ctx.Input(0), a = ctx.Input(1), b = ctx.Input(2);
        if (condition.DType != ProgramDTypes.Bool)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"selects on a {condition.DType} condition; it must be bool");
        }
        SameDType(ctx, a, b);
        if (!broadcasts)
        {
            var vector = condition.Dims.Length == 1 && a.Dims.Length > 1;
            if (!a.Dims.SequenceEqual(b.Dims) || !(condition.Dims.SequenceEqual(a.Dims) || (vector && condition.Dims[0] == a.Dims[0])))
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"selects {a.ShapeText} or {b.ShapeText} by {condition.ShapeText}; Select needs equal shapes, or a condition vector over the first dimension");
            }
            if (vector)
            {
                condition = StructureOps.Reshape(ctx, condition, new[] { condition.Dims[0] }.Concat(Enumerable.Repeat(1L, a.Dims.Length - 1)).ToArray());
            }
        }
        var (dims, modes, inner) = Layout(ctx, condition, a, b);
        if (condition.Ints is { } ci && a.IsConstant && b.IsConstant)
        {
            var picks = ci.Select(v => v != 0).ToArray();
            if (a.Floats is { } af && b.Floats is { } bf)
            {
                var folded = new float[Shapes.Count(dims)];
                Comparisons.Select<float>(picks, modes[0], af, modes[1], bf, modes[2], (int)inner, folded);
                return Symbol.Constant(folded, dims);
            }
            var ints = new long[Shapes.Count(dims)];
            Comparisons.Select<long>(picks, modes[0], a.Ints!, modes[1], b.Ints!, modes[2], (int)inner, ints);
            return Symbol.Constant(a.DType, ints, dims);
        }
        var y = ctx.Program.AddTemporary(a.DType, dims);
        ctx.Program.AddStep(ProgramKernels.Select, y, new[] { condition, a, b }.Select(s => ctx.Program.ValueOf(s, ctx.Node.Name)).ToArray(),
            ("condition", Mode(modes[0])), ("a", Mode(modes[1])), ("b", Mode(modes[2])), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime(a.DType, dims, y);
    }

    /// <summary>The broadcast result of the operands and how the kernel indexes each (see <see cref="ProgramKernels.Binary"/>).</summary>
    internal static (long[] Dims, Broadcast[] Modes, long Inner) Layout(OpContext ctx, params Symbol[] operands)
    {
        var dims = operands.Skip(1).Aggregate((long[]?)operands[0].Dims, (d, o) => d is null ? null : Shapes.Broadcast(d, o.Dims))
            ?? throw ctx.Fail(GraphCompileException.BadShape, $"cannot broadcast {string.Join(", ", operands.Select(o => o.ShapeText))}");
        dims = Shapes.Checked(ctx, dims);
        var indexing = operands.Select(o => Shapes.Indexing(o.Dims, dims)).ToArray();
        var columns = indexing.Where(i => i is { Mode: "col" }).Select(i => i!.Value.Inner).Distinct().ToArray();
        if (indexing.Any(i => i is null) || columns.Length > 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"broadcasts {string.Join(", ", operands.Select(o => o.ShapeText))} in a pattern this version does not run (an operand's non-1 dimensions must be one block)");
        }
        return (dims, indexing.Select(i => ElementwiseOps.Mode(i!.Value.Mode)).ToArray(), columns.Length == 1 ? columns[0] : 1);
    }

    private static void SameDType(OpContext ctx, Symbol a, Symbol b)
    {
        if (a.DType != b.DType)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"compares or selects {a.DType} with {b.DType}; TensorFlow needs one dtype");
        }
    }

    private static long[] Static(OpContext ctx, long[] values) => values.Contains(Shapes.BatchMarker)
        ? throw ctx.Fail(GraphCompileException.UnsupportedOp, "compares the batch size, which is known only at run time")
        : values;

    private static Symbol Bools(bool[] values, long[] dims) => Symbol.Constant(ProgramDTypes.Bool, values.Select(v => v ? 1L : 0L).ToArray(), dims);

    internal static string Mode(Broadcast mode) => mode switch
    {
        Broadcast.Same => "same",
        Broadcast.Row => "row",
        _ => "col",
    };
}
