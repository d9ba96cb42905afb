using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Ops that take parts of a tensor: Slice, StridedSlice (every mask), Split, SplitV and Unpack,
/// each a strided walk (<see cref="Movement"/>), folded when the input is known. On a batched
/// tensor the batch axis is kept whole: a part of the batch is not a batch.
/// </summary>
internal static class SliceOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Slice"] = ctx => new[] { Slice(ctx) };
        table["StridedSlice"] = ctx => new[] { StridedSlice(ctx) };
        table["Split"] = ctx => Split(ctx, ctx.Input(1), ctx.ConstantInt(0, "split_dim"), Enumerable.Repeat(-2L, (int)Math.Max(ctx.Int("num_split", 1), 1)).ToArray());
        table["SplitV"] = ctx => Split(ctx, ctx.Input(0), ctx.ConstantInt(2, "axis"), ctx.ConstantInts(1, "size_splits"));
        table["Unpack"] = Unpack;
    }

    /// <summary>One axis of a slice: where it starts, how many elements it takes and its step; Keep false drops the axis (a shrunk index).</summary>
    private readonly record struct Range(long Begin, long Size, long Step, bool Keep);

    private static Symbol Slice(OpContext ctx)
    {
        var x = ctx.Input(0);
        var begin = ctx.ConstantInts(1, "begin");
        var size = ctx.ConstantInts(2, "size");
        var rank = x.Dims.Length;
        if (begin.Length != rank || size.Length != rank)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"slices {x.ShapeText} with begin [{Movement.List(begin)}] and size [{Movement.List(size)}]; each needs {rank} entries");
        }
        var ranges = new Range[rank];
        for (var k = 0; k < rank; k++)
        {
            if (k == 0 && x.IsBatched)
            {
                if (begin[0] != 0 || (size[0] != -1 && size[0] != Shapes.BatchMarker))
                {
                    throw ctx.Fail(GraphCompileException.UnsupportedOp, $"slices the batch axis of {x.ShapeText} (begin {begin[0]}, size {size[0]}); the batch must be kept whole (begin 0, size -1)");
                }
                ranges[0] = new Range(0, PlanValue.Batch, 1, true);
                continue;
            }
            var n = size[k] == -1 ? x.Dims[k] - begin[k] : size[k];
            if (begin[k] < 0 || n < 0 || begin[k] + n > x.Dims[k])
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"slices [{begin[k]}, {begin[k]} + {size[k]}) of axis {k} of {x.ShapeText}, outside its {x.Dims[k]} elements");
            }
            ranges[k] = new Range(begin[k], n, 1, true);
        }
        return Take(ctx, x, ranges, Array.Empty<int>());
    }

    /// <summary>StridedSlice as TensorFlow defines it: the sparse spec (with ellipsis and new axes) made dense, then clamped per axis.</summary>
    private static Symbol StridedSlice(OpContext ctx)
    {
        var x = ctx.Input(0);
        var begin = ctx.ConstantInts(1, "begin");
        var end = ctx.ConstantInts(2, "end");
        var strides = ctx.ConstantInts(3, "strides");
        if (begin.Length != end.Length || begin.Length != strides.Length)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has begin, end and strides of lengths {begin.Length}, {end.Length} and {strides.Length}; they must agree");
        }
        if (x.BatchSecond)
        {
            return BatchSecondViews.Step(ctx, x, begin, end, strides);
        }
        long beginMask = ctx.Int("begin_mask", 0), endMask = ctx.Int("end_mask", 0), ellipsisMask = ctx.Int("ellipsis_mask", 0), newAxisMask = ctx.Int("new_axis_mask", 0), shrinkMask = ctx.Int("shrink_axis_mask", 0);
        bool Bit(long mask, int i) => i < 64 && ((mask >> i) & 1) != 0;
        var rank = x.Dims.Length;
        var sparse = begin.Length;
        // The ellipsis stands for every axis the other entries (new axes aside) do not name.
        var named = Enumerable.Range(0, sparse).Count(i => !Bit(newAxisMask, i) && !Bit(ellipsisMask, i));
        var ranges = new List<Range>();
        var newAxes = new List<int>();
        var seenEllipsis = false;
        var axis = 0;
        for (var i = 0; i < sparse; i++)
        {
            if (Bit(ellipsisMask, i) && !seenEllipsis)
            {
                seenEllipsis = true;
                for (var covered = rank - named; covered > 0 && axis < rank; covered--, axis++)
                {
                    ranges.Add(Whole(ctx, x, axis));
                }
                continue;
            }
            if (Bit(ellipsisMask, i))
            {
                continue;
            }
            if (Bit(newAxisMask, i))
            {
                newAxes.Add(ranges.Count(r => r.Keep) + newAxes.Count);
                continue;
            }
            if (axis >= rank)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"indexes {named} axes of {x.ShapeText}, which has {rank}");
            }
            ranges.Add(Axis(ctx, x, axis, begin[i], end[i], strides[i], Bit(beginMask, i), Bit(endMask, i), Bit(shrinkMask, i)));
            axis++;
        }
        // Axes after the last entry are taken whole.
        for (; axis < rank; axis++)
        {
            ranges.Add(Whole(ctx, x, axis));
        }
        return Take(ctx, x, ranges.ToArray(), newAxes.ToArray());
    }

    private static Range Whole(OpContext ctx, Symbol x, int axis) => new(0, x.Dims[axis], 1, true);

    private static Range Axis(OpContext ctx, Symbol x, int axis, long begin, long end, long stride, bool beginMasked, bool endMasked, bool shrink)
    {
        if (stride == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has stride 0 on axis {axis}");
        }
        var n = x.Dims[axis];
        if (axis == 0 && x.IsBatched)
        {
            var whole = stride == 1 && !shrink && (beginMasked || begin == 0) && (endMasked || end == Shapes.BatchMarker || end >= int.MaxValue);
            if (!whole)
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, $"slices the batch axis of {x.ShapeText}; the batch must be kept whole (begin 0 or masked, end masked, stride 1, no shrink)");
            }
            return new Range(0, PlanValue.Batch, 1, true);
        }
        if (shrink)
        {
            var at = begin < 0 ? begin + n : begin;
            if (at < 0 || at >= n)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"takes index {begin} of axis {axis} of {x.ShapeText}, outside its {n} elements");
            }
            return new Range(at, 1, 1, false);
        }
        long Clamp(long v, bool isBegin, bool masked)
        {
            if (masked)
            {
                return stride > 0 ? (isBegin ? 0 : n) : (isBegin ? n - 1 : -1);
            }
            if (v < 0)
            {
                v += n;
            }
            return stride > 0 ? Math.Clamp(v, 0, n) : Math.Clamp(v, -1, n - 1);
        }
        long b = Clamp(begin, true, beginMasked), e = Clamp(end, false, endMasked);
        var size = stride > 0 ? (e - b + stride - 1) / stride : (b - e - stride - 1) / -stride;
        return new Range(b, Math.Max(size, 0), stride, true);
    }

    /// <summary>Splits along an axis into parts of the given sizes (-2: equal parts; one -1: what the others leave).</summary>
    private static Symbol[] Split(OpContext ctx, Symbol x, long axisValue, long[] sizes)
    {
        var axis = Shapes.Axis(ctx, axisValue, x.Dims.Length);
        if (axis == 0 && x.IsBatched)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"splits the batch axis of {x.ShapeText}; the batch must be kept whole");
        }
        var n = x.Dims[axis];
        sizes = sizes.ToArray();
        if (sizes.All(s => s == -2))
        {
            if (n % sizes.Length != 0)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"splits axis {axis} of {x.ShapeText} ({n} elements) into {sizes.Length} equal parts");
            }
            sizes = Enumerable.Repeat(n / sizes.Length, sizes.Length).ToArray();
        }
        var unknown = Array.FindAll(Enumerable.Range(0, sizes.Length).ToArray(), i => sizes[i] == -1);
        var known = sizes.Where(s => s != -1).Sum();
        if (unknown.Length > 1 || sizes.Any(s => s < -1) || (unknown.Length == 0 ? known != n : known > n))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"splits axis {axis} of {x.ShapeText} ({n} elements) into sizes [{Movement.List(sizes)}], which do not add up to it");
        }
        if (unknown.Length == 1)
        {
            sizes[unknown[0]] = n - known;
        }
        var parts = new Symbol[sizes.Length];
        long at = 0;
        for (var p = 0; p < sizes.Length; p++)
        {
            var ranges = x.Dims.Select((d, k) => k == axis ? new Range(at, sizes[p], 1, true) : new Range(0, d, 1, true)).ToArray();
            parts[p] = Take(ctx, x, ranges, Array.Empty<int>());
            at += sizes[p];
        }
        return parts;
    }

    private static Symbol[] Unpack(OpContext ctx)
    {
        var x = ctx.Input(0);
        var axis = Shapes.Axis(ctx, ctx.Int("axis", 0), x.Dims.Length);
        if (axis == 0 && x.IsBatched)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"unpacks the batch axis of {x.ShapeText}; the batch must be kept whole");
        }
        var num = ctx.Int("num", x.Dims[axis]);
        if (num != x.Dims[axis])
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"unpacks {num} values from axis {axis} of {x.ShapeText}, which has {x.Dims[axis]}");
        }
        return Enumerable.Range(0, (int)num).Select(i =>
            Take(ctx, x, x.Dims.Select((d, k) => k == axis ? new Range(i, 1, 1, false) : new Range(0, d, 1, true)).ToArray(), Array.Empty<int>())).ToArray();
    }

    /// <summary>The part of <paramref name="x"/> the ranges select, with new axes of 1 inserted at the given output positions.</summary>
    private static Symbol Take(OpContext ctx, Symbol x, Range[] ranges, int[] newAxes)
    {
        var strides = Shapes.RowMajor(x.Dims);
        var offset = ranges.Select((r, k) => r.Begin * strides[k]).Sum();
        var kept = ranges.Select((r, k) => (r.Size, Stride: r.Step * strides[k], r.Keep)).Where(r => r.Keep).ToList();
        foreach (var position in newAxes)
        {
            kept.Insert(Math.Min(position, kept.Count), (1, 0, true));
        }
        if (x.IsBatched && (kept.Count == 0 || kept[0].Size != PlanValue.Batch))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"inserts an axis before the batch of {x.ShapeText}; the batch must stay first");
        }
        var dims = kept.Select(r => r.Size).ToArray();
        return Movement.Gather(ctx, x, dims, dims, kept.Select(r => r.Stride).ToArray(), offset);
    }
}
