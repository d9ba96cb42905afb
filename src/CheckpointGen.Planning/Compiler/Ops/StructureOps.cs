using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Ops that change shapes or join tensors: Reshape, Squeeze and ExpandDims alias their input (no
/// copy); Shape folds at build time; Cast folds or runs; Pack and ConcatV2 fold or run along any axis but the batch.
/// </summary>
internal static class StructureOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Reshape"] = ctx => new[] { Reshape(ctx, ctx.Input(0), ReshapeTarget(ctx, ctx.Input(0), ctx.ConstantInts(1, "shape"))) };
        table["Squeeze"] = ctx => new[] { Squeeze(ctx) };
        table["ExpandDims"] = ctx => new[] { ExpandDims(ctx) };
        table["Shape"] = ctx => new[] { Shape(ctx) };
        table["Pack"] = ctx => new[] { Pack(ctx) };
        table["ConcatV2"] = ctx => new[] { Concat(ctx) };
        table["Cast"] = ctx => new[] { Cast(ctx) };
    }

    /// <summary>The same elements under new dimensions: constants keep their values, run-time values alias their storage.</summary>
    public static Symbol Reshape(OpContext ctx, Symbol x, long[] dims)
    {
        dims = Shapes.Checked(ctx, dims);
        if (x.Floats is { } f) return Symbol.Constant(f, dims, x.Origin);
        if (x.Ints is { } i) return Symbol.Constant(x.DType, i, dims);
        return Symbol.Runtime(x.DType, dims, ctx.Program.Alias(x.Value, dims));
    }

    /// <summary>Resolves Reshape's target: -1 (or the batch marker) becomes the batch where the input has one, else what the element count leaves.</summary>
    private static long[] ReshapeTarget(OpContext ctx, Symbol x, long[] target)
    {
        var dims = target.ToArray();
        var row = x.RowLength;
        var unknown = Array.FindAll(Enumerable.Range(0, dims.Length).ToArray(), i => dims[i] < 0);
        var known = dims.Where(d => d >= 0).Aggregate(1L, (a, d) => a * d);
        if (unknown.Length > 2 || (unknown.Length == 2 && !(x.IsBatched && dims[unknown[0]] == Shapes.BatchMarker)))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reshapes {x.ShapeText} to [{Text(target)}], with more than one unknown dimension");
        }
        foreach (var i in unknown)
        {
            if (x.IsBatched && i == 0 && (unknown.Length == 2 ? dims[i] == Shapes.BatchMarker : known == row))
            {
                dims[i] = PlanValue.Batch;
            }
            else if (dims[i] == -1 && known > 0 && row % known == 0 && (!x.IsBatched || unknown.Length == 2))
            {
                dims[i] = row / known;
            }
            else
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"reshapes {x.ShapeText} to [{Text(target)}]; with the batch first and only static dimensions after it, the element counts must agree");
            }
        }
        if (dims.Where(d => d >= 0).Aggregate(1L, (a, d) => a * d) != row || (x.IsBatched != (dims.Length > 0 && dims[0] == PlanValue.Batch)))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reshapes {x.ShapeText} ({row} elements per batch row) to [{Text(target)}]");
        }
        return dims;
    }

    private static Symbol Squeeze(OpContext ctx)
    {
        var x = ctx.Input(0);
        var axes = ctx.Ints("squeeze_dims").Concat(ctx.Ints("axis")).Select(a => Shapes.Axis(ctx, a, x.Dims.Length)).ToHashSet();
        if (axes.Any(a => x.Dims[a] != 1))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"squeezes axes of {x.ShapeText} that are not 1");
        }
        var dims = x.Dims.Where((d, i) => axes.Count > 0 ? !axes.Contains(i) : d != 1).ToArray();
        return Reshape(ctx, x, dims);
    }

    private static Symbol ExpandDims(OpContext ctx)
    {
        var x = ctx.Input(0);
        var axis = Shapes.Axis(ctx, ctx.ConstantInt(1, "axis"), x.Dims.Length + 1);
        if (x.IsBatched && axis == 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"inserts a dimension before the batch of {x.ShapeText}");
        }
        var dims = x.Dims.Take(axis).Append(1).Concat(x.Dims.Skip(axis)).ToArray();
        return Reshape(ctx, x, dims);
    }

    private static Symbol Shape(OpContext ctx)
    {
        var x = ctx.Input(0);
        var dtype = ctx.Node.Attr.TryGetValue("out_type", out var t) && t.Type == Protos.DataType.DtInt64 ? "int64" : "int32";
        return Symbol.Constant(dtype, x.GraphDims.Select(d => d == PlanValue.Batch ? Shapes.BatchMarker : d).ToArray(), new long[] { x.Dims.Length });
    }

    /// <summary>Pack: each value given a new axis of 1, then concatenated along it.</summary>
    private static Symbol Pack(OpContext ctx)
    {
        var inputs = ctx.Inputs;
        if (inputs.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, "has no values to pack");
        }
        if (inputs.Any(i => !i.Dims.SequenceEqual(inputs[0].Dims) || i.DType != inputs[0].DType))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"packs values of different shapes or dtypes ({string.Join(", ", inputs.Select(i => i.DType + " " + i.ShapeText))})");
        }
        var axis = Shapes.Axis(ctx, ctx.Int("axis", 0), inputs[0].Dims.Length + 1);
        if (inputs[0].IsBatched && axis == 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"packs along axis 0, before the batch of {inputs[0].ShapeText}; the batch must stay first");
        }
        var dims = inputs[0].Dims.Take(axis).Append(1).Concat(inputs[0].Dims.Skip(axis)).ToArray();
        return Concat(ctx, inputs.Select(i => Reshape(ctx, i, dims)).ToArray(), axis);
    }

    private static Symbol Concat(OpContext ctx)
    {
        var parts = ctx.Inputs.Take(ctx.Inputs.Length - 1).ToArray();
        if (parts.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, "has no values to concatenate");
        }
        return Concat(ctx, parts, Shapes.Axis(ctx, ctx.ConstantInt(ctx.Inputs.Length - 1, "axis"), parts[0].Dims.Length));
    }

    /// <summary>The parts joined along <paramref name="axis"/> (not the batch): folded when all are known, else one Concat step.</summary>
    internal static Symbol Concat(OpContext ctx, Symbol[] parts, int axis)
    {
        var rank = parts[0].Dims.Length;
        if (parts.Any(p => p.Dims.Length != rank || p.DType != parts[0].DType || Enumerable.Range(0, rank).Any(i => i != axis && p.Dims[i] != parts[0].Dims[i])))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"concatenates {string.Join(", ", parts.Select(p => p.DType + " " + p.ShapeText))} along axis {axis}, which differ elsewhere");
        }
        if (parts[0].IsBatched && axis == 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "concatenates along the batch dimension");
        }
        if (parts.Length == 1)
        {
            return parts[0];
        }
        var dims = parts[0].Dims.ToArray();
        dims[axis] = parts.Sum(p => p.Dims[axis]);
        dims = Shapes.Checked(ctx, dims);
        var chunks = parts.Select(p => p.Dims.Skip(axis).Aggregate(1L, (a, d) => a * d)).ToArray();
        if (parts.All(p => p.Ints is not null) || parts.All(p => p.Floats is not null))
        {
            var outer = axis == 0 ? 1 : Shapes.Count(dims.Take(axis).ToArray());
            var order = Enumerable.Range(0, (int)outer).SelectMany(o => parts.SelectMany((p, i) => Enumerable.Range((int)(o * chunks[i]), (int)chunks[i]).Select(e => (Part: p, Element: e)))).ToArray();
            return parts[0].Ints is not null
                ? Symbol.Constant(parts[0].DType, order.Select(x => x.Part.Ints![x.Element]).ToArray(), dims)
                : Symbol.Constant(order.Select(x => x.Part.Floats![x.Element]).ToArray(), dims);
        }
        var y = ctx.Program.AddTemporary(parts[0].DType, dims);
        ctx.Program.AddStep(ProgramKernels.Concat, y, parts.Select(p => ctx.Program.ValueOf(p, ctx.Node.Name)).ToArray(), ("chunks", string.Join(",", chunks.Select(OpContext.Num))));
        return Symbol.Runtime(parts[0].DType, dims, y);
    }

    /// <summary>Folds a cast of a constant; a run-time value gets a Cast step (the same conversions, by <c>Conversions.Cast</c>).</summary>
    private static Symbol Cast(OpContext ctx)
    {
        var x = ctx.Input(0);
        var to = RuntimeDTypes.Attribute(ctx, "DstT", Protos.DataType.DtFloat);
        if (to == x.DType)
        {
            return x;
        }
        if (x.Ints is { } ints && ints.Contains(Shapes.BatchMarker) && to is ProgramDTypes.Float32 or ProgramDTypes.Bool)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "casts a shape holding the batch size, which is known only at run time");
        }
        switch (to)
        {
            case ProgramDTypes.Float32 when x.Ints is { } i:
                return Symbol.Constant(i.Select(v => (float)v).ToArray(), x.Dims);
            case ProgramDTypes.Bool when x.Ints is { } i:
                return Symbol.Constant(to, i.Select(v => v != 0 ? 1L : 0L).ToArray(), x.Dims);
            case ProgramDTypes.Bool when x.Floats is { } f:
                return Symbol.Constant(to, f.Select(v => v != 0 ? 1L : 0L).ToArray(), x.Dims);
            case ProgramDTypes.Int32 when x.Ints is { } i:
                // int64 → int32 keeps the low 32 bits, as the run-time kernel does; the batch size stays itself.
                return Symbol.Constant(to, i.Select(v => v == Shapes.BatchMarker ? v : unchecked((int)v)).ToArray(), x.Dims);
            case ProgramDTypes.Int32 when x.Floats is { } f:
                // TensorFlow truncates toward zero.
                return Symbol.Constant(to, f.Select(v => (long)(int)v).ToArray(), x.Dims);
            case ProgramDTypes.Int64 when x.Ints is { } i:
                return Symbol.Constant(to, i, x.Dims);
            case ProgramDTypes.Int64 when x.Floats is { } f:
                return Symbol.Constant(to, f.Select(v => (long)v).ToArray(), x.Dims);
        }
        var y = ctx.Program.AddTemporary(to, x.Dims);
        ctx.Program.AddStep(ProgramKernels.Cast, y, new[] { x.Value });
        return Symbol.Runtime(to, x.Dims, y);
    }

    private static string Text(long[] dims) => string.Join(", ", dims.Select(d => d == Shapes.BatchMarker ? "batch" : OpContext.Num(d)));
}
