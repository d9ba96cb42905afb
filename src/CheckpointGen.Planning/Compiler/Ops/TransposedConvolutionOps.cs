using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Conv2DBackpropInput, as Keras' Conv2DTranspose traces it: the gradient of a Conv2D with respect
/// to its input, whose shape (<c>input_sizes</c>: [batch, H, W, C], or [H, W]) must be known at build
/// time but for the batch (Keras stacks <c>Shape(x)[0]</c> with constants: that folds). The forward
/// convolution from [H, W] under the node's window must give the input's [OH, OW], as TensorFlow checks.
/// </summary>
internal static class TransposedConvolutionOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Conv2DBackpropInput"] = ctx => new[] { Compile(ctx) };
    }

    private static Symbol Compile(OpContext ctx)
    {
        var x = ConvolutionOps.Image(ctx, 2);
        var filter = ConvolutionOps.ConstantFilter(ctx, 1);
        if (filter.Dims[3] != x.Dims[3])
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"takes out_backprop {x.ShapeText} with a filter {filter.ShapeText}: {x.Dims[3]} channels against the filter's {filter.Dims[3]} output channels");
        }
        var outChannels = filter.Dims[2];
        var sizes = ctx.ConstantInts(0, "input_sizes");
        long height, width;
        switch (sizes.Length)
        {
            case 4:
                if (sizes[0] != (x.IsBatched ? Shapes.BatchMarker : x.Dims[0]) || sizes[3] != outChannels)
                {
                    throw ctx.Fail(GraphCompileException.BadShape, $"has input_sizes [{Text(sizes)}]; with out_backprop {x.ShapeText} and filter {filter.ShapeText} they must be [{(x.IsBatched ? "batch" : OpContext.Num(x.Dims[0]))}, H, W, {outChannels}]");
                }
                (height, width) = (sizes[1], sizes[2]);
                break;
            case 2:
                (height, width) = (sizes[0], sizes[1]);
                break;
            default:
                throw ctx.Fail(GraphCompileException.BadShape, $"has input_sizes [{Text(sizes)}]; TensorFlow takes [batch, H, W, C] or [H, W]");
        }
        var dims = Shapes.Checked(ctx, new[] { x.Dims[0], height, width, outChannels });
        var shapeText = $"[{Text(dims)}]";
        var (geometry, attributes) = ConvolutionOps.Geometry(ctx, dims, shapeText, (int)filter.Dims[0], (int)filter.Dims[1], ctx.Ints("strides"),
            ctx.Has("dilations") ? ctx.Ints("dilations") : new long[] { 1, 1, 1, 1 });
        if (geometry.Height.Output != x.Dims[1] || geometry.Width.Output != x.Dims[2])
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"spreads out_backprop {x.ShapeText} over {shapeText}, whose forward convolution gives [{geometry.Height.Output}, {geometry.Width.Output}], not [{x.Dims[1]}, {x.Dims[2]}]");
        }
        var y = ctx.Program.AddTemporary("float32", dims);
        var scratch = ctx.Program.AddTemporary("float32", new long[] { Conv2DTranspose.ScratchLength(geometry, (int)outChannels) });
        ctx.Program.AddStep(ProgramKernels.Conv2DTranspose, y, new[] { x.Value, ctx.Program.ValueOf(filter, ctx.Node.Name), scratch },
            attributes.Append(("channels", OpContext.Num(x.Dims[3]))).Append(("outChannels", OpContext.Num(outChannels))).ToArray());
        return Symbol.Runtime("float32", dims, y);
    }

    private static string Text(long[] values) => string.Join(", ", values.Select(v => v == Shapes.BatchMarker ? "batch" : v == PlanValue.Batch ? "?" : OpContext.Num(v)));
}
