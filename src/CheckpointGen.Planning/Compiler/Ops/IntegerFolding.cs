using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Integer arithmetic at build time: shape computations (<c>Shape</c> → <c>StridedSlice</c> →
/// <c>Mul</c> → <c>Pack</c> → <c>Reshape</c>) fold to constants, as the issue requires where
/// shapes are static. The batch size is unknown until run time, so arithmetic on it is refused.
/// </summary>
internal static class IntegerFolding
{
    public static Symbol Binary(OpContext ctx, BinaryOperator op, Symbol a, long[] av, Symbol b, long[] bv)
    {
        var dims = Shapes.Broadcast(a.Dims, b.Dims) ?? throw ctx.Fail(GraphCompileException.BadShape, $"cannot broadcast {a.ShapeText} with {b.ShapeText}");
        dims = Shapes.Checked(ctx, dims);
        var result = new long[Shapes.Count(dims)];
        for (var i = 0; i < result.Length; i++)
        {
            long x = av[Index(a.Dims, dims, i)], y = bv[Index(b.Dims, dims, i)];
            if (op == BinaryOperator.Mul && Shapes.BatchTimes(x, y) is { } multiple)
            {
                result[i] = multiple;
                continue;
            }
            if (Shapes.BatchFactor(x) > 0 || Shapes.BatchFactor(y) > 0)
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, "computes with the batch size, which is known only at run time; this version folds shape arithmetic on static dimensions only");
            }
            result[i] = op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Sub => x - y,
                BinaryOperator.Mul => x * y,
                BinaryOperator.Maximum => Math.Max(x, y),
                BinaryOperator.Minimum => Math.Min(x, y),
                BinaryOperator.SquaredDifference => (x - y) * (x - y),
                BinaryOperator.Pow => MathOps.IntegerPower(ctx, x, y),
                _ => MathOps.Divide(ctx, op, x, y, i),
            };
            if (a.DType == Contracts.Plan.ProgramDTypes.Int32)
            {
                result[i] = unchecked((int)result[i]);
            }
        }
        return Symbol.Constant(a.DType, result, dims);
    }

    /// <summary>The flat index into an operand of <paramref name="shape"/> broadcast to <paramref name="result"/> for result element <paramref name="flat"/>.</summary>
    public static int Index(long[] shape, long[] result, long flat)
    {
        long index = 0, stride = 1;
        for (int r = result.Length - 1, s = shape.Length - 1; r >= 0; r--, s--)
        {
            var coordinate = flat % result[r];
            flat /= result[r];
            if (s >= 0)
            {
                if (shape[s] != 1)
                {
                    index += coordinate * stride;
                }
                stride *= shape[s];
            }
        }
        return (int)index;
    }
}
