using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Ops Keras' recurrent layers and masks trace beside their loops: ReverseV2 (go_backwards reverses the
/// time-major input and mask, Bidirectional reverses the backward sequence back), ZerosLike (the zero
/// output a masked loop starts from), Any and All (Masking's compute_mask). Each is a walk or a
/// reduction the compiler already runs: no kernel of its own.
/// </summary>
internal static class SequenceOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["ReverseV2"] = ctx => new[] { Reverse(ctx) };
        table["ZerosLike"] = ctx => new[] { ZerosLike(ctx) };
        table["Any"] = ctx => new[] { Logical(ctx, ReduceOperator.Max) };
        table["All"] = ctx => new[] { Logical(ctx, ReduceOperator.Min) };
    }

    /// <summary>
    /// ReverseV2: one strided walk with the reversed axes' strides negated. A time-major view reversed in
    /// time stays a view (its time axis is the storage's second); reversing the batch is refused.
    /// </summary>
    private static Symbol Reverse(OpContext ctx)
    {
        var x = ctx.Input(0);
        var graphDims = x.GraphDims;
        var axes = ctx.ConstantInts(1, "axis").Select(a => Shapes.Axis(ctx, a, graphDims.Length)).Distinct().ToArray();
        // A view's graph axes 0 and 1 are its storage's 1 and 0.
        var storageAxes = axes.Select(a => x.BatchSecond && a < 2 ? 1 - a : a).ToArray();
        if (x.IsBatched && storageAxes.Contains(0))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reverses the batch dimension of {x.ShapeText}; the batch must stay first and whole");
        }
        var strides = Shapes.RowMajor(x.Dims);
        long offset = 0;
        foreach (var a in storageAxes.Where(a => x.Dims[a] > 1))
        {
            offset += (x.Dims[a] - 1) * strides[a];
            strides[a] = -strides[a];
        }
        if (offset == 0)
        {
            return x;
        }
        var reversed = Movement.Gather(ctx, x.BatchSecond ? Symbol.Runtime(x.DType, x.Dims, x.Value) : x, x.Dims, x.Dims, strides, offset);
        return x.BatchSecond ? Symbol.BatchSecondView(x.DType, x.Dims, reversed.Value) : reversed;
    }

    /// <summary>ZerosLike: zeros of the input's dtype and shape (a batched one filled at run time); the input's values are not read.</summary>
    private static Symbol ZerosLike(OpContext ctx)
    {
        var x = ctx.Input(0);
        if (x.IsSpecial)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "makes zeros like a TensorList or a time-major sequence; this version makes them like a tensor");
        }
        var zero = x.DType == ProgramDTypes.Float32 ? Symbol.Constant(new[] { 0f }, Array.Empty<long>()) : Symbol.Constant(x.DType, new[] { 0L }, Array.Empty<long>());
        if (!x.Dims.Contains(PlanValue.Batch))
        {
            Shapes.SplatCount(ctx, x.Dims);
        }
        return Movement.Gather(ctx, zero, x.Dims, x.Dims, new long[x.Dims.Length], 0);
    }

    /// <summary>Any (Max) and All (Min) of a bool tensor: folded when known, else the float reduction between two casts.</summary>
    private static Symbol Logical(OpContext ctx, ReduceOperator op)
    {
        var x = ctx.Input(0);
        if (x.DType != ProgramDTypes.Bool)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reduces a {x.DType} tensor; {ctx.Node.Op} takes bool");
        }
        if (x.Ints is not null)
        {
            return MatrixOps.Reduce(ctx, op, x);
        }
        var asFloat = ctx.Program.AddTemporary(ProgramDTypes.Float32, x.Dims);
        ctx.Program.AddStep(ProgramKernels.Cast, asFloat, new[] { ctx.Program.ValueOf(x, ctx.Node.Name) });
        var reduced = MatrixOps.Reduce(ctx, op, Symbol.Runtime(ProgramDTypes.Float32, x.Dims, asFloat));
        var y = ctx.Program.AddTemporary(ProgramDTypes.Bool, reduced.Dims);
        ctx.Program.AddStep(ProgramKernels.Cast, y, new[] { ctx.Program.ValueOf(reduced, ctx.Node.Name) });
        return Symbol.Runtime(ProgramDTypes.Bool, reduced.Dims, y);
    }
}
