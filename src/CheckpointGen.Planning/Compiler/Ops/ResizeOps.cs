using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// ResizeNearestNeighbor and ResizeBilinear (tf.image.resize, Keras' UpSampling2D and Resizing) of
/// a run-time NHWC float32 batch to a size known at build time, with TensorFlow's
/// <c>align_corners</c> and <c>half_pixel_centers</c>.
/// </summary>
internal static class ResizeOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["ResizeNearestNeighbor"] = ctx => new[] { Compile(ctx, "NearestNeighbor") };
        table["ResizeBilinear"] = ctx => new[] { Compile(ctx, "Bilinear") };
    }

    private static Symbol Compile(OpContext ctx, string method)
    {
        var x = ConvolutionOps.Image(ctx);
        var size = ctx.ConstantInts(1, "size");
        if (size.Length != 2 || size.Any(s => s <= 0 || s > int.MaxValue))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"resizes to size [{Movement.List(size)}]; it needs two positive values [height, width]");
        }
        bool alignCorners = ctx.Bool("align_corners"), halfPixelCenters = ctx.Bool("half_pixel_centers");
        if (alignCorners && halfPixelCenters)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "sets both align_corners and half_pixel_centers, which TensorFlow refuses");
        }
        var dims = Shapes.Checked(ctx, new[] { x.Dims[0], size[0], size[1], x.Dims[3] });
        var y = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.Resize, y, new[] { x.Value },
            ("method", method), ("h", OpContext.Num(x.Dims[1])), ("w", OpContext.Num(x.Dims[2])), ("channels", OpContext.Num(x.Dims[3])),
            ("outH", OpContext.Num(size[0])), ("outW", OpContext.Num(size[1])), ("alignCorners", alignCorners ? "true" : "false"), ("halfPixelCenters", halfPixelCenters ? "true" : "false"));
        return Symbol.Runtime("float32", dims, y);
    }
}
