using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Gather, GatherV2 and ResourceGather (Keras's Embedding reads its table through the last, on a
/// captured handle): rows of the parameters picked by int32 or int64 indices along an axis, with
/// <c>batch_dims</c>. Folded when both are known; otherwise one <see cref="ProgramKernels.Gather"/>
/// step, whose kernel checks every index at run time as TensorFlow's CPU kernel does.
/// </summary>
internal static class GatherOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Gather"] = ctx => new[] { Gather(ctx, axis: 0, batchDims: 0) };
        table["GatherV2"] = ctx => new[] { Gather(ctx, ctx.ConstantInt(2, "axis"), ctx.Int("batch_dims", 0)) };
        table["ResourceGather"] = ctx => new[] { Gather(ctx, axis: ctx.Int("batch_dims", 0), batchDims: ctx.Int("batch_dims", 0)) };
    }

    private static Symbol Gather(OpContext ctx, long axis, long batchDims)
    {
        var x = ctx.Input(0);
        var indices = ctx.Input(1);
        if (indices.DType is not (ProgramDTypes.Int32 or ProgramDTypes.Int64))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"takes {indices.DType} indices; TensorFlow's indices are int32 or int64");
        }
        var rank = x.Dims.Length;
        if (rank == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "gathers from a scalar; the parameters need rank 1 or more");
        }
        var a = Shapes.Axis(ctx, axis, rank);
        var b = batchDims < 0 ? batchDims + indices.Dims.Length : batchDims;
        if (b < 0 || b > a || b > indices.Dims.Length || !x.Dims.Take((int)b).SequenceEqual(indices.Dims.Take((int)b)))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has batch_dims {batchDims} for parameters {x.ShapeText} and indices {indices.ShapeText}; their first batch_dims dimensions must be equal and batch_dims ≤ axis {a}");
        }
        var dims = x.Dims.Take(a).Concat(indices.Dims.Skip((int)b)).Concat(x.Dims.Skip(a + 1)).ToArray();
        if (dims.Skip(1).Contains(PlanValue.Batch) || (x.IsBatched && a == 0))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"gathers {x.ShapeText} by {indices.ShapeText} along axis {a} into {Text(dims)}; this version keeps the batch as the result's first dimension");
        }
        dims = Shapes.Checked(ctx, dims);
        var groups = x.Dims.Take((int)b).Aggregate(1L, (p, d) => p * (d < 0 ? 1 : d));
        var axisLength = x.Dims[a];
        var inner = x.Dims.Skip(a + 1).Aggregate(1L, (p, d) => p * d);
        if (axisLength <= 0 || inner <= 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"gathers along an empty axis of {x.ShapeText}");
        }
        if (x.IsConstant && indices.IsConstant && !indices.Ints!.Contains(Shapes.BatchMarker))
        {
            return Fold(ctx, x, indices.Ints!, (int)groups, (int)axisLength, (int)inner, dims);
        }
        var y = ctx.Program.AddTemporary(x.DType, dims);
        var batchedGroups = b > 0 && x.IsBatched;
        ctx.Program.AddStep(ProgramKernels.Gather, y, new[] { ctx.Program.ValueOf(x, ctx.Node.Name), ctx.Program.ValueOf(indices, ctx.Node.Name) },
            ("groups", OpContext.Num(groups)), ("batchedGroups", batchedGroups ? "true" : "false"), ("axis", OpContext.Num(axisLength)),
            ("inner", OpContext.Num(inner)), ("node", ctx.Node.Name));
        return Symbol.Runtime(x.DType, dims, y);
    }

    private static Symbol Fold(OpContext ctx, Symbol x, long[] indices, int groups, int axis, int inner, long[] dims)
    {
        try
        {
            if (x.Floats is { } floats)
            {
                var folded = new float[Shapes.Count(dims)];
                Gathers.Gather<float>(floats, indices, groups, axis, inner, folded, ctx.Node.Name);
                return Symbol.Constant(folded, dims);
            }
            var ints = new long[Shapes.Count(dims)];
            Gathers.Gather<long>(x.Ints!, indices, groups, axis, inner, ints, ctx.Node.Name);
            return Symbol.Constant(x.DType, ints, dims);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "has constant indices out of range: " + e.Message);
        }
    }

    private static string Text(long[] dims) => "[" + string.Join(", ", dims.Select(d => d == PlanValue.Batch ? "?" : OpContext.Num(d))) + "]";
}
