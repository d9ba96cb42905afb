using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Conv2D with groups (Keras' <c>groups</c> &gt; 1): a filter [H, W, C/G, O] over an input of C
/// channels, as TensorFlow defines it — input channels [g·C/G, (g+1)·C/G) convolved with filter
/// columns [g·O/G, (g+1)·O/G), the G results concatenated along the channels. Each group is one
/// strided copy of its channels, one ordinary Conv2D step and its part of one Concat step.
/// </summary>
internal static class GroupedConvolution
{
    public static Symbol Compile(OpContext ctx, Symbol x, Symbol filter)
    {
        long channels = x.Dims[3], groupChannels = filter.Dims[2], outChannels = filter.Dims[3];
        var groups = channels / groupChannels;
        if (outChannels % groups != 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"convolves {x.ShapeText} in {groups} groups (filter {filter.ShapeText}), but the filter's {outChannels} output channels do not divide into {groups} groups");
        }
        var groupOut = outChannels / groups;
        var taps = filter.Dims[0] * filter.Dims[1] * groupChannels;
        var strides = Shapes.RowMajor(x.Dims);
        var slice = new[] { x.Dims[0], x.Dims[1], x.Dims[2], groupChannels };
        var parts = new Symbol[groups];
        for (var g = 0; g < groups; g++)
        {
            var part = Movement.Gather(ctx, x, slice, slice, strides, g * groupChannels);
            var weights = new float[taps * groupOut];
            for (var t = 0; t < taps; t++)
            {
                Array.Copy(filter.Floats!, t * outChannels + g * groupOut, weights, t * groupOut, groupOut);
            }
            parts[g] = ConvolutionOps.Convolve(ctx, part, Symbol.Constant(weights, new[] { filter.Dims[0], filter.Dims[1], groupChannels, groupOut }), depthwise: false);
        }
        return StructureOps.Concat(ctx, parts, 3);
    }
}
