using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Time-major sequences ([N, batch, …], as Keras' RNN layers transpose their input and stack their
/// outputs) kept batch-major in storage (<see cref="Symbol.BatchSecond"/>): swapping the first two
/// axes of a batched tensor and back is free, and the one indexing Keras applies to such a view
/// (one step, e.g. the last output) is a strided copy. The one place that decides what such a view allows.
/// </summary>
internal static class BatchSecondViews
{
    /// <summary>Transpose by [1, 0, 2, …] of a batched tensor or of a view: the other one over the same buffer.</summary>
    public static bool TrySwap(OpContext ctx, Symbol x, long[] perm, out Symbol swapped)
    {
        var swaps = perm.Length >= 2 && perm[0] == 1 && perm[1] == 0 && perm.Skip(2).Select((p, i) => p == i + 2).All(b => b);
        if (x.BatchSecond && !swaps)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"transposes a time-major sequence [{Text(x.GraphDims)}] by [{Movement.List(perm)}]; this version swaps its first two axes only (perm [1, 0, …])");
        }
        if (x.BatchSecond)
        {
            swapped = Symbol.Runtime(x.DType, x.Dims, x.Value);
            return true;
        }
        swapped = swaps && x.IsBatched && x.Dims.Length >= 2 ? Symbol.BatchSecondView(x.DType, x.Dims, ctx.Program.ValueOf(x, ctx.Node.Name)) : x;
        return !ReferenceEquals(swapped, x);
    }

    /// <summary>
    /// StridedSlice of a view taking one step along its first axis (shrink_axis_mask bit 0, the rest
    /// whole): a [batch, …] tensor gathered with the step's stride from the batch-major buffer.
    /// </summary>
    public static Symbol Step(OpContext ctx, Symbol x, long[] begin, long[] end, long[] strides)
    {
        long shrink = ctx.Int("shrink_axis_mask", 0), ellipsis = ctx.Int("ellipsis_mask", 0), newAxis = ctx.Int("new_axis_mask", 0);
        long beginMask = ctx.Int("begin_mask", 0), endMask = ctx.Int("end_mask", 0);
        var steps = x.Dims[1];
        var index = begin.Length > 0 && begin[0] < 0 ? begin[0] + steps : begin.FirstOrDefault(-1);
        // Axes after the first must be whole: masked, or an entry that leaves them as they are.
        var restWhole = Enumerable.Range(1, Math.Max(begin.Length - 1, 0)).All(i => ((beginMask >> i) & 1) != 0 && ((endMask >> i) & 1) != 0 && strides[i] == 1);
        if (begin.Length == 0 || (shrink & 1) == 0 || ellipsis != 0 || newAxis != 0 || (shrink >> 1) != 0 || !restWhole || strides[0] != 1 || index < 0 || index >= steps)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"slices a time-major sequence [{Text(x.GraphDims)}] (begin [{Movement.List(begin)}], end [{Movement.List(end)}]); this version takes one step of it (index within its {steps} steps, shrink_axis_mask 1, the other axes whole)");
        }
        var rest = x.Dims.Skip(2).ToArray();
        var restLength = Shapes.Count(rest);
        var dims = new[] { PlanValue.Batch }.Concat(rest).ToArray();
        var walkStrides = new[] { steps * restLength }.Concat(Shapes.RowMajor(rest)).ToArray();
        return Movement.Gather(ctx, Symbol.Runtime(x.DType, x.Dims, x.Value), dims, dims, walkStrides, index * restLength);
    }

    private static string Text(long[] dims) => string.Join(", ", dims.Select(d => d == PlanValue.Batch ? "batch" : OpContext.Num(d)));
}
