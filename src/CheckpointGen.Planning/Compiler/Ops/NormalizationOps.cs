using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// FusedBatchNorm (V1, V2, V3) at inference: <c>y = (x - mean) · scale / √(variance + ε) + offset</c>
/// per channel, folded at build time into one multiplier and one addend per channel, so it runs as
/// two broadcast steps (or none, when the graph's constants fold it away).
/// </summary>
internal static class NormalizationOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        foreach (var op in new[] { "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3" })
        {
            table[op] = BatchNorm;
        }
    }

    private static Symbol[] BatchNorm(OpContext ctx)
    {
        if (ctx.Bool("is_training"))
        {
            return LayerNormOps.BatchStatistics(ctx);
        }
        var x = ctx.Input(0);
        Symbol scale = ctx.Input(1), offset = ctx.Input(2), mean = ctx.Input(3), variance = ctx.Input(4);
        var nchw = ctx.String("data_format", "NHWC") == "NCHW";
        if (x.Dims.Length != 4)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"normalizes {x.ShapeText}; FusedBatchNorm takes a 4-D image batch");
        }
        var channels = x.Dims[nchw ? 1 : 3];
        if (new[] { scale, offset, mean, variance }.Any(s => s.Floats is null || s.Dims.Length != 1 || s.Dims[0] != channels))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"needs scale, offset, mean and variance as constant vectors of {channels} (the channels of {x.ShapeText})");
        }
        // TensorFlow's kernel: scale · rsqrt(variance + ε), in float.
        var epsilon = ctx.Float("epsilon", 0.0001f);
        var multiplier = new float[channels];
        Elementwise.Binary(BinaryOperator.Add, variance.Floats!, Broadcast.Same, new[] { epsilon }, Broadcast.Row, 1, multiplier);
        Elementwise.Unary(UnaryOperator.Rsqrt, multiplier, multiplier);
        Elementwise.Binary(BinaryOperator.Mul, multiplier, Broadcast.Same, scale.Floats!, Broadcast.Same, 1, multiplier);
        var addend = new float[channels];
        Elementwise.Binary(BinaryOperator.Mul, mean.Floats!, Broadcast.Same, multiplier, Broadcast.Same, 1, addend);
        Elementwise.Binary(BinaryOperator.Sub, offset.Floats!, Broadcast.Same, addend, Broadcast.Same, 1, addend);
        var perChannel = nchw ? new[] { channels, 1L, 1L } : new[] { channels };
        var scaled = ElementwiseOps.Binary(ctx, BinaryOperator.Mul, x, Symbol.Constant(multiplier, perChannel));
        var y = ElementwiseOps.Binary(ctx, BinaryOperator.Add, scaled, Symbol.Constant(addend, perChannel));
        // Outputs 1 and 2 are the moments used (the given ones at inference); the rest are for training's gradient.
        return new[] { y, mean, variance, mean, variance, mean };
    }
}
