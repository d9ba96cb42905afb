using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Keras LayerNormalization's fused form (tf.keras 2.x, when its axes are the trailing ones and epsilon ≥ 1.001e-5):
/// the input [batch, d₁…, c₁…] is reshaped to [1, batch·Πd, Πc, 1] with a shape multiplied up from <c>Shape</c>
/// at run time, normalized by FusedBatchNormV3 in training mode with data_format NCHW (so each of the batch·Πd
/// "channels" gets its own mean and variance over its Πc values), with scale and offset <c>Fill</c>ed with 1 and 0
/// to that length, and reshaped back. Here the batch-multiple shape (<see cref="Shapes.BatchFactor"/>) makes a
/// <see cref="Symbol.Groups"/> value held as [batch, Πd, Πc] over the input's own buffer, FusedBatchNorm computes
/// the per-row moments with the Reduce and Binary kernels, and the Reshape back is the buffer again. Nothing else
/// may read a grouped value (CG1040), and a training-mode batch norm of any other form is CG1040 naming what it lacks.
/// </summary>
internal static class LayerNormOps
{
    /// <summary>The error for a grouped value reaching another op.</summary>
    public const string GroupedReaderError = "reads a [1, batch·N, C, 1] reshape of a batched tensor, which this version passes only to FusedBatchNorm in training mode and Reshape (Keras LayerNormalization's fused form)";

    /// <summary>Whether <paramref name="op"/> may read a grouped value.</summary>
    public static bool ReadsGrouped(string op) => op is "Reshape" or "FusedBatchNorm" or "FusedBatchNormV2" or "FusedBatchNormV3" or "Identity" or "IdentityN";

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        var reshape = table["Reshape"];
        table["Reshape"] = ctx => Reshape(ctx) is { } grouped ? new[] { grouped } : reshape(ctx);
        var fill = table["Fill"];
        table["Fill"] = ctx => Fill(ctx) is { } splat ? new[] { splat } : fill(ctx);
    }

    /// <summary>
    /// Reshape of a batched tensor to [1, batch·N, C, 1] (a grouped value over its buffer), or of a grouped value back to
    /// any shape (its buffer, [batch, N·C] row-major, reshaped as usual); null for every other Reshape.
    /// </summary>
    private static Symbol? Reshape(OpContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Groups > 0)
        {
            if (x.Floats is not null)
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, GroupedReaderError);
            }
            var plain = Symbol.Runtime(x.DType, x.Dims, x.Value);
            var target = ctx.ConstantInts(1, "shape");
            var dims = target.Select((d, i) => i == 0 && d == Shapes.BatchMarker ? PlanValue.Batch : d).ToArray();
            if (dims.Length == 0 || dims[0] != PlanValue.Batch || dims.Skip(1).Any(d => d < 0) || dims.Skip(1).Aggregate(1L, (p, d) => p * d) != plain.RowLength)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"reshapes a [1, batch·{x.Dims[1]}, {x.Dims[2]}, 1] normalization back to [{Movement.List(target)}]; this version needs the batch first and {plain.RowLength} elements per batch row");
            }
            return StructureOps.Reshape(ctx, plain, dims);
        }
        var shape = ctx.Input(1);
        if (shape.Ints is not [1, var rows, var inner, 1] || Shapes.BatchFactor(rows) is var groups && groups == 0)
        {
            return null;
        }
        if (!x.IsBatched || x.IsSpecial || x.IsConstant || inner <= 0 || groups * inner != x.RowLength)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reshapes {x.ShapeText} to [1, batch·{groups}, {inner}, 1]; this version takes that form for a batched run-time tensor of batch·{groups}·{inner} elements (Keras LayerNormalization's fused form)");
        }
        long[] held = [PlanValue.Batch, groups, inner];
        return Symbol.Grouped(x.DType, held, ctx.Program.Alias(x.Value, held), groups);
    }

    /// <summary>Fill of a batch-multiple length ([batch·N]) with a known value: a grouped splat; null for every other Fill.</summary>
    private static Symbol? Fill(OpContext ctx)
    {
        var shape = ctx.Input(0);
        var value = ctx.Input(1);
        if (shape.Ints is not [var length] || Shapes.BatchFactor(length) is var groups && groups == 0 || !ConsumersAreBatchNorms(ctx))
        {
            return null;
        }
        if (value.Floats is not [var v])
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "fills a batch-sized vector with a value known only at run time; this version fills scale and offset of LayerNormalization's fused form with a known value");
        }
        return Symbol.Grouped(ProgramDTypes.Float32, [1], -1, groups, [v]);
    }

    /// <summary>Whether every node reading this Fill is a FusedBatchNorm (the only reader of a grouped splat), so other Fills of [batch] keep their strided form.</summary>
    private static bool ConsumersAreBatchNorms(OpContext ctx)
    {
        var readers = ctx.Graph.Order.Where(n => Graph.Subgraph.DataInputs(n).Any(t => t.Node == ctx.Node.Name)).ToList();
        return readers.Count > 0 && readers.All(n => n.Op.StartsWith("FusedBatchNorm", StringComparison.Ordinal));
    }

    /// <summary>
    /// FusedBatchNorm with is_training: the moments of each group's row computed at run time (TensorFlow's
    /// biased variance), <c>y = (x - mean) · rsqrt(variance + ε) · scale + offset</c>; the other outputs
    /// (the moments, for training's update and gradient) are not computed, and reading them is CG1040.
    /// </summary>
    public static Symbol[] BatchStatistics(OpContext ctx)
    {
        var x = ctx.Input(0);
        Symbol scale = ctx.Input(1), offset = ctx.Input(2);
        if (ctx.String("data_format", "NHWC") != "NCHW" || x.Groups == 0 || x.Floats is not null)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"normalizes {x.ShapeText} with batch statistics (is_training = true); this version computes them for Keras LayerNormalization's fused form only (a batched tensor reshaped to [1, batch·N, C, 1], NCHW); export other graphs for inference");
        }
        if (scale.Groups != x.Groups || offset.Groups != x.Groups || scale.Floats is not [var s] || offset.Floats is not [var o])
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "normalizes with batch statistics; this version needs scale and offset filled with one known value each (Keras LayerNormalization's ones and zeros)");
        }
        var rows = Symbol.Runtime(x.DType, x.Dims, x.Value);
        var mean = Moment(ctx, rows);
        var centered = ElementwiseOps.Binary(ctx, BinaryOperator.Sub, rows, mean);
        var variance = Moment(ctx, ElementwiseOps.Binary(ctx, BinaryOperator.Mul, centered, centered));
        var inverse = ElementwiseOps.Binary(ctx, BinaryOperator.Add, variance, Symbol.Constant([ctx.Float("epsilon", 0.0001f)], []));
        var rsqrt = ctx.Program.AddTemporary(ProgramDTypes.Float32, inverse.Dims);
        ctx.Program.AddStep(ProgramKernels.Unary, rsqrt, new[] { inverse.Value }, ("op", nameof(UnaryOperator.Rsqrt)), ("alpha", "0"));
        var y = ElementwiseOps.Binary(ctx, BinaryOperator.Mul, centered, Symbol.Runtime(ProgramDTypes.Float32, inverse.Dims, rsqrt));
        if (s != 1)
        {
            y = ElementwiseOps.Binary(ctx, BinaryOperator.Mul, y, Symbol.Constant([s], []));
        }
        if (o != 0)
        {
            y = ElementwiseOps.Binary(ctx, BinaryOperator.Add, y, Symbol.Constant([o], []));
        }
        return [Symbol.Grouped(y.DType, y.Dims, y.Value, x.Groups), null!, null!, null!, null!, null!];
    }

    /// <summary>The mean over the last axis of [batch, N, C], kept as [batch, N, 1].</summary>
    private static Symbol Moment(OpContext ctx, Symbol x)
    {
        long[] dims = [x.Dims[0], x.Dims[1], 1];
        var y = ctx.Program.AddTemporary(ProgramDTypes.Float32, dims);
        ctx.Program.AddStep(ProgramKernels.Reduce, y, new[] { x.Value }, ("op", nameof(ReduceOperator.Mean)), ("reduce", OpContext.Num(x.Dims[2])), ("inner", "1"));
        return Symbol.Runtime(ProgramDTypes.Float32, dims, y);
    }
}
