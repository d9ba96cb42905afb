using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Ops that rearrange or repeat elements: Transpose, Tile, Pad, PadV2, MirrorPad, Fill and BroadcastTo, each
/// a strided walk (<see cref="Movement"/>), folded when the input is known. The batch stays the
/// first dimension and is never repeated, padded or moved.
/// </summary>
internal static class LayoutOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Transpose"] = ctx => new[] { Transpose(ctx) };
        table["Tile"] = ctx => new[] { Tile(ctx) };
        table["Pad"] = ctx => new[] { Pad(ctx, 0) };
        table["PadV2"] = ctx => new[] { Pad(ctx, Scalar(ctx, 2, "constant_values")) };
        table["MirrorPad"] = ctx => new[] { MirrorPad(ctx) };
        table["Fill"] = ctx => new[] { Fill(ctx) };
        table["BroadcastTo"] = ctx => new[] { BroadcastTo(ctx) };
    }

    private static Symbol Transpose(OpContext ctx)
    {
        var x = ctx.Input(0);
        var perm = ctx.ConstantInts(1, "perm");
        var rank = x.Dims.Length;
        if (perm.Length != rank || perm.Any(p => p < 0 || p >= rank) || perm.Distinct().Count() != rank)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has perm [{Movement.List(perm)}], which is not a permutation of the {rank} axes of {x.ShapeText}");
        }
        if (BatchSecondViews.TrySwap(ctx, x, perm, out var swapped))
        {
            return swapped;
        }
        if (x.IsBatched && perm[0] != 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"moves the batch (axis 0 of {x.ShapeText}) to axis {Array.IndexOf(perm, 0L)}; the batch must stay first (perm[0] = 0)");
        }
        var strides = Shapes.RowMajor(x.Dims);
        var dims = perm.Select(p => x.Dims[p]).ToArray();
        return Movement.Gather(ctx, x, dims, dims, perm.Select(p => strides[p]).ToArray(), 0);
    }

    private static Symbol Tile(OpContext ctx)
    {
        var x = ctx.Input(0);
        var multiples = ctx.ConstantInts(1, "multiples");
        if (multiples.Length != x.Dims.Length || multiples.Any(m => m < 0))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"tiles {x.ShapeText} by [{Movement.List(multiples)}]; it needs one non-negative multiple per axis");
        }
        if (x.IsBatched && multiples[0] != 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"repeats the batch of {x.ShapeText} {multiples[0]} times; the batch is the first dimension and cannot be tiled");
        }
        // Tiling axis k walks [multiple, size] with stride 0 over the repeats.
        var strides = Shapes.RowMajor(x.Dims);
        var walk = new List<long>();
        var walkStrides = new List<long>();
        for (var k = 0; k < x.Dims.Length; k++)
        {
            if (multiples[k] != 1)
            {
                walk.Add(multiples[k]);
                walkStrides.Add(0);
            }
            walk.Add(x.Dims[k]);
            walkStrides.Add(strides[k]);
        }
        var dims = x.Dims.Select((d, k) => d == PlanValue.Batch ? d : d * multiples[k]).ToArray();
        return Movement.Gather(ctx, x, dims, walk.ToArray(), walkStrides.ToArray(), 0);
    }

    private static Symbol Pad(OpContext ctx, double value) => Pad(ctx, Paddings(ctx), value);

    private static Symbol Pad(OpContext ctx, long[] paddings, double value)
    {
        var x = ctx.Input(0);
        var dims = Padded(x, paddings);
        var strides = Shapes.RowMajor(dims);
        var offset = Enumerable.Range(0, x.Dims.Length).Sum(k => paddings[2 * k] * strides[k]);
        return Movement.Pad(ctx, x, dims, strides, offset, value);
    }

    /// <summary>The paddings input, checked: [rank, 2] non-negative, none on the batch.</summary>
    private static long[] Paddings(OpContext ctx)
    {
        var x = ctx.Input(0);
        var paddings = ctx.ConstantInts(1, "paddings");
        var rank = x.Dims.Length;
        if (paddings.Length != 2 * rank || paddings.Any(p => p < 0))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"pads {x.ShapeText} by [{Movement.List(paddings)}]; it needs [{rank}, 2] non-negative paddings");
        }
        if (x.IsBatched && (paddings[0] != 0 || paddings[1] != 0))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"pads the batch dimension of {x.ShapeText}; the batch cannot be padded");
        }
        return paddings;
    }

    private static long[] Padded(Symbol x, long[] paddings) =>
        x.Dims.Select((d, k) => d == PlanValue.Batch ? d : d + paddings[2 * k] + paddings[2 * k + 1]).ToArray();

    /// <summary>
    /// MirrorPad: the interior placed as by Pad, then, axis by axis, each border copied reversed
    /// from the values beside it (REFLECT skips the edge, SYMMETRIC repeats it). Axis k's borders
    /// span the axes before it whole (already padded) and the axes after it at their interior.
    /// </summary>
    private static Symbol MirrorPad(OpContext ctx)
    {
        var x = ctx.Input(0);
        var paddings = Paddings(ctx);
        var mode = ctx.String("mode", "REFLECT");
        if (mode is not ("REFLECT" or "SYMMETRIC"))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has mode '{mode}'; MirrorPad's modes are REFLECT and SYMMETRIC");
        }
        var edge = mode == "REFLECT" ? 1 : 0;
        for (var k = 0; k < x.Dims.Length; k++)
        {
            if (x.Dims[k] != PlanValue.Batch && Math.Max(paddings[2 * k], paddings[2 * k + 1]) > x.Dims[k] - edge)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"pads axis {k} of {x.ShapeText} by ({paddings[2 * k]}, {paddings[2 * k + 1]}); {mode} pads at most {x.Dims[k] - edge}");
            }
        }
        var y = Pad(ctx, paddings, 0);
        var dims = Padded(x, paddings);
        var strides = Shapes.RowMajor(dims);
        for (var k = 0; k < x.Dims.Length; k++)
        {
            long before = paddings[2 * k], after = paddings[2 * k + 1], d = x.Dims[k];
            var walk = dims.Select((n, m) => m < k ? n : x.Dims[m]).ToArray();
            var inner = Enumerable.Range(k + 1, x.Dims.Length - k - 1).Sum(m => paddings[2 * m] * strides[m]);
            var reversed = strides.Select((s, m) => m == k ? -s : s).ToArray();
            if (before > 0)
            {
                walk[k] = before;
                y = Movement.CopyWithin(ctx, y, walk.ToArray(), reversed, inner + (2 * before - 1 + edge) * strides[k], strides, inner);
            }
            if (after > 0)
            {
                walk[k] = after;
                y = Movement.CopyWithin(ctx, y, walk.ToArray(), reversed, inner + (before + d - 1 - edge) * strides[k], strides, inner + (before + d) * strides[k]);
            }
        }
        return y;
    }

    /// <summary>A scalar constant input (PadV2's value).</summary>
    private static double Scalar(OpContext ctx, int index, string what)
    {
        var s = ctx.Input(index);
        if (s.Floats is { Length: 1 } f) return f[0];
        if (s.Ints is { Length: 1 } i) return i[0];
        throw ctx.Fail(GraphCompileException.UnsupportedOp, $"input {index} ({what}) must be a scalar known at build time");
    }

    /// <summary>Fill: the value (a scalar, known or not) repeated over dims; a batch in dims (from Shape) makes it a run-time value.</summary>
    private static Symbol Fill(OpContext ctx)
    {
        var dims = ctx.ConstantInts(0, "dims").Select((d, i) => d == Shapes.BatchMarker && i == 0 ? PlanValue.Batch : d).ToArray();
        var value = ctx.Input(1);
        if (value.Dims.Length != 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"fills with {value.ShapeText}; the value must be a scalar");
        }
        if (!dims.Contains(PlanValue.Batch))
        {
            Shapes.SplatCount(ctx, dims);
        }
        return Repeat(ctx, value, dims);
    }

    private static Symbol BroadcastTo(OpContext ctx)
    {
        var x = ctx.Input(0);
        var target = ctx.ConstantInts(1, "shape").Select((d, i) => d == Shapes.BatchMarker && i == 0 ? PlanValue.Batch : d).ToArray();
        var dims = Shapes.Broadcast(x.Dims, target);
        if (dims is null || !dims.SequenceEqual(target))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"broadcasts {x.ShapeText} to [{Movement.List(target)}], which it does not broadcast to");
        }
        return Repeat(ctx, x, dims);
    }

    /// <summary><paramref name="x"/> broadcast to <paramref name="dims"/> by NumPy's rules (stride 0 along repeated axes).</summary>
    private static Symbol Repeat(OpContext ctx, Symbol x, long[] dims) =>
        Movement.Gather(ctx, x, dims, dims, BroadcastStrides(x.Dims, dims), 0);

    /// <summary>The strides that walk an operand of <paramref name="operand"/> as if it had the broadcast shape <paramref name="result"/>.</summary>
    public static long[] BroadcastStrides(long[] operand, long[] result)
    {
        var own = Shapes.RowMajor(operand);
        var strides = new long[result.Length];
        for (int r = result.Length - 1, o = operand.Length - 1; r >= 0; r--, o--)
        {
            strides[r] = o >= 0 && operand[o] == result[r] ? own[o] : 0;
        }
        return strides;
    }
}
