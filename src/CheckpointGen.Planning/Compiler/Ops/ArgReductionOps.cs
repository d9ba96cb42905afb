using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>ArgMax and ArgMin along any axis within a batch row, into int32 or int64 (<c>output_type</c>, int64 by default as in TensorFlow).</summary>
internal static class ArgReductionOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["ArgMax"] = ctx => new[] { ArgReduce(ctx, min: false) };
        table["ArgMin"] = ctx => new[] { ArgReduce(ctx, min: true) };
    }

    private static Symbol ArgReduce(OpContext ctx, bool min)
    {
        var x = ctx.Input(0);
        if (x.Dims.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "takes a scalar; it needs a tensor of rank 1 or more");
        }
        var axis = Shapes.Axis(ctx, ctx.ConstantInts(1, "dimension").Single(), x.Dims.Length);
        var to = RuntimeDTypes.Attribute(ctx, "output_type", DataType.DtInt64);
        if (to is not (ProgramDTypes.Int32 or ProgramDTypes.Int64) || x.DType == ProgramDTypes.Bool)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"gives {to} indices of {x.DType}; it takes numbers and gives int32 or int64");
        }
        if (x.IsBatched && axis == 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reduces over the batch dimension of {x.ShapeText}; this version reduces within a batch row");
        }
        var reduce = x.Dims[axis];
        var inner = x.Dims.Skip(axis + 1).Aggregate(1L, (p, d) => p * d);
        if (reduce <= 0 || inner <= 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"takes the index over an empty axis of {x.ShapeText}");
        }
        var dims = x.Dims.Where((_, i) => i != axis).ToArray();
        if (x.Floats is { } floats)
        {
            var folded = new long[floats.Length / reduce];
            ArgReductions.ArgReduce<float>(min, floats, (int)reduce, (int)inner, folded);
            return Symbol.Constant(to, folded, dims);
        }
        if (x.Ints is { } ints)
        {
            if (ints.Contains(Shapes.BatchMarker))
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, "compares the batch size, which is known only at run time");
            }
            var folded = new long[ints.Length / reduce];
            ArgReductions.ArgReduce<long>(min, ints, (int)reduce, (int)inner, folded);
            return Symbol.Constant(to, folded, dims);
        }
        var y = ctx.Program.AddTemporary(to, dims);
        ctx.Program.AddStep(ProgramKernels.ArgReduce, y, new[] { x.Value }, ("min", min ? "true" : "false"), ("reduce", OpContext.Num(reduce)), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime(to, dims, y);
    }
}
