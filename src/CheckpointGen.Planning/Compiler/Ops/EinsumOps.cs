using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Einsum of two operands (what EinsumDense and MultiHeadAttention trace: <c>abc,cd-&gt;abd</c>,
/// <c>abc,cde-&gt;abde</c>, <c>abcd,cde-&gt;abe</c>, <c>aecd,abcd-&gt;acbe</c>, <c>acbe,aecd-&gt;abcd</c> …),
/// reduced at build time to Transpose, Reshape and one BatchMatMul: labels in both operands and the
/// output are stack dimensions, labels in both operands only are contracted, the rest are the rows
/// of the left and the columns of the right operand. A constant right operand with no stack labels
/// runs as one packed GEMM. Ellipses, a label twice in one operand, a label summed away from one
/// operand only, or another number of operands are CG1040 naming the equation; the batch must stay
/// the first dimension throughout (CG1040 otherwise).
/// </summary>
internal static class EinsumOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table) => table["Einsum"] = ctx => new[] { Einsum(ctx) };

    private static Symbol Einsum(OpContext ctx)
    {
        var equation = ctx.String("equation", "");
        var (left, right, output) = Parse(ctx, equation);
        Symbol x = ctx.Input(0), y = ctx.Input(1);
        if (x.DType != ProgramDTypes.Float32 || y.DType != ProgramDTypes.Float32)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"computes '{equation}' on {x.DType} and {y.DType}; this version computes Einsum on float32");
        }
        if (left.Length != x.Dims.Length || right.Length != y.Dims.Length)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has equation '{equation}' for operands {x.ShapeText} and {y.ShapeText}, whose ranks differ from its labels");
        }
        var size = new Dictionary<char, long>();
        foreach (var (labels, operand) in new[] { (left, x), (right, y) })
        {
            for (var i = 0; i < labels.Length; i++)
            {
                if (size.TryGetValue(labels[i], out var known) && known != operand.Dims[i])
                {
                    throw ctx.Fail(GraphCompileException.BadShape, $"has equation '{equation}' with label '{labels[i]}' of size {Text(known)} and {Text(operand.Dims[i])} ({x.ShapeText}, {y.ShapeText}); this version needs equal sizes");
                }
                size[labels[i]] = operand.Dims[i];
            }
        }
        var stack = output.Where(c => left.Contains(c) && right.Contains(c)).ToArray();
        var contracted = left.Where(c => right.Contains(c) && !output.Contains(c)).ToArray();
        var rows = left.Where(c => !right.Contains(c)).ToArray();
        var columns = right.Where(c => !left.Contains(c)).ToArray();
        if (rows.Concat(columns).Any(c => !output.Contains(c)))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}', which sums a label of one operand away; this version reduces labels both operands have");
        }
        long Product(IEnumerable<char> labels) => labels.Aggregate(1L, (p, c) => p * size[c]);
        // Rows merge into one dimension only behind stack labels; with none, they stay apart so the batch keeps its own first dimension.
        long[] aDims = stack.Length > 0
            ? [.. stack.Select(c => size[c]), Product(rows), Product(contracted)]
            : [.. rows.Select(c => size[c]), .. rows.Length == 0 ? new[] { 1L } : [], Product(contracted)];
        long[] bDims = [.. stack.Select(c => size[c]), Product(contracted), Product(columns)];
        var a = Arrange(ctx, equation, x, left, [.. stack, .. rows, .. contracted], aDims);
        var b = Arrange(ctx, equation, y, right, [.. stack, .. contracted, .. columns], bDims);
        var product = MatrixOps.Product(ctx, a, b, false, false, stacked: true);
        var grouped = new[] { stack, rows, columns }.SelectMany(g => g).ToArray();
        var result = StructureOps.Reshape(ctx, product, grouped.Select(c => size[c]).ToArray());
        return Arrange(ctx, equation, result, grouped, output, output.Select(c => size[c]).ToArray());
    }

    /// <summary><paramref name="x"/> (labelled <paramref name="labels"/>) transposed to <paramref name="order"/> and reshaped to <paramref name="dims"/>.</summary>
    private static Symbol Arrange(OpContext ctx, string equation, Symbol x, char[] labels, char[] order, long[] dims)
    {
        var perm = order.Select(c => (long)Array.IndexOf(labels, c)).ToArray();
        if (perm.Select((p, i) => p != i).Any(moved => moved))
        {
            if (x.IsBatched && perm[0] != 0)
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}', which moves the batch (label '{labels[0]}' of {x.ShapeText}) from the first dimension; the batch must stay first");
            }
            var strides = Shapes.RowMajor(x.Dims);
            var moved = perm.Select(p => x.Dims[p]).ToArray();
            x = Movement.Gather(ctx, x, moved, moved, perm.Select(p => strides[p]).ToArray(), 0);
        }
        if (x.IsBatched && dims[0] != PlanValue.Batch)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}', which merges the batch of {x.ShapeText} with other labels; the batch must stay its own first dimension");
        }
        return x.Dims.SequenceEqual(dims) ? x : StructureOps.Reshape(ctx, x, dims);
    }

    private static (char[] Left, char[] Right, char[] Output) Parse(OpContext ctx, string equation)
    {
        var arrow = equation.Replace(" ", "").Split("->");
        var operands = arrow[0].Split(',');
        if (arrow.Length != 2 || operands.Length != 2 || ctx.Inputs.Length != 2)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}' on {ctx.Inputs.Length} operands; this version computes Einsum of two operands with an explicit output ('ab,bc->ac')");
        }
        var parts = new[] { operands[0], operands[1], arrow[1] };
        if (parts.Any(p => p.Contains('.')))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}' with an ellipsis; this version takes equations with every dimension labelled");
        }
        if (parts.Any(p => p.Any(c => !char.IsAsciiLetter(c)) || p.Distinct().Count() != p.Length))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has equation '{equation}' with a label repeated within one operand or not a letter; this version takes each label at most once per operand (no traces or diagonals)");
        }
        if (parts[2].Any(c => !parts[0].Contains(c) && !parts[1].Contains(c)))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has equation '{equation}', whose output has a label no operand has");
        }
        return (parts[0].ToCharArray(), parts[1].ToCharArray(), parts[2].ToCharArray());
    }

    private static string Text(long d) => d < 0 ? "?" : OpContext.Num(d);
}
