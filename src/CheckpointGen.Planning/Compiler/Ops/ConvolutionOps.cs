using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// Conv2D, DepthwiseConv2dNative, MaxPool and AvgPool on NHWC, with TensorFlow's SAME, VALID and
/// EXPLICIT geometry computed here by the kernels' own <see cref="ConvGeometry"/> (so a geometry the
/// kernel would reject fails the build), constant filters, and bias/activation fused later.
/// </summary>
internal static class ConvolutionOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Conv2D"] = ctx => new[] { Convolution(ctx, depthwise: false) };
        table["DepthwiseConv2dNative"] = ctx => new[] { Convolution(ctx, depthwise: true) };
        table["MaxPool"] = ctx => new[] { Pool(ctx, "Max") };
        table["AvgPool"] = ctx => new[] { Pool(ctx, "Average") };
    }

    private static Symbol Convolution(OpContext ctx, bool depthwise)
    {
        var x = Image(ctx);
        var filter = ConstantFilter(ctx, 1);
        if (!depthwise && filter.Dims[2] > 0 && x.Dims[3] > filter.Dims[2] && x.Dims[3] % filter.Dims[2] == 0)
        {
            return GroupedConvolution.Compile(ctx, x, filter);
        }
        return Convolve(ctx, x, filter, depthwise);
    }

    /// <summary>A filter input: a constant of rank 4, else the node's error.</summary>
    internal static Symbol ConstantFilter(OpContext ctx, int index)
    {
        var filter = ctx.Input(index);
        if (filter.Floats is null || filter.Dims.Length != 4)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"convolves with a filter {filter.ShapeText} {(filter.IsConstant ? "" : "computed at run time ")}; this version needs a constant [H, W, I, O] filter");
        }
        return filter;
    }

    /// <summary>One Conv2D or depthwise step of <paramref name="x"/> with a filter whose input channels are x's.</summary>
    internal static Symbol Convolve(OpContext ctx, Symbol x, Symbol filter, bool depthwise)
    {
        var channels = x.Dims[3];
        if (filter.Dims[2] != channels)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"convolves {x.ShapeText} with a filter {filter.ShapeText}: {channels} input channels against {filter.Dims[2]}");
        }
        var (geometry, attributes) = Geometry(ctx, x, (int)filter.Dims[0], (int)filter.Dims[1], ctx.Ints("strides"), ctx.Has("dilations") ? ctx.Ints("dilations") : new long[] { 1, 1, 1, 1 });
        var outChannels = depthwise ? channels * filter.Dims[3] : filter.Dims[3];
        var dims = Shapes.Checked(ctx, new[] { x.Dims[0], geometry.Height.Output, geometry.Width.Output, outChannels });
        var y = ctx.Program.AddTemporary("float32", dims);
        var inputs = new List<int> { x.Value, ctx.Program.ValueOf(filter, ctx.Node.Name) };
        var kernel = depthwise ? ProgramKernels.DepthwiseConv2D : UsesWinograd(geometry, channels, outChannels) ? ProgramKernels.WinogradConv2D : ProgramKernels.Conv2D;
        if (!depthwise)
        {
            // The im2col or transformed-tile scratch: a fixed-size workspace buffer, live for this step only.
            var scratch = kernel == ProgramKernels.WinogradConv2D ? WinogradConv2D.ScratchLength(geometry, (int)channels, (int)outChannels) : Conv2D.ScratchLength(geometry, (int)channels);
            inputs.Add(ctx.Program.AddTemporary("float32", new long[] { Math.Max(scratch, 1) }));
        }
        ctx.Program.AddStep(kernel, y, inputs.ToArray(),
            attributes.Append(("multiplier", OpContext.Num(filter.Dims[3]))).Append(("activation", nameof(ActivationKind.None))).Append(("alpha", "0"))
                .Append(("channels", OpContext.Num(channels))).ToArray());
        return Symbol.Runtime("float32", dims, y);
    }

    /// <summary>
    /// Whether a Conv2D runs as Winograd F(2×2, 3×3): 16 multiplies per 2×2 tile and channel pair
    /// where the GEMM does 36, for transforms of every tile's input and output. With fewer than 16
    /// channels in or out the transforms and the narrow products (K = the input channels, N = the
    /// output channels) outweigh the saving; a one-channel input has its own direct path.
    /// </summary>
    private static bool UsesWinograd(in ConvGeometry geometry, long channels, long outChannels) =>
        WinogradConv2D.Supports(geometry) && channels >= MinWinogradChannels && outChannels >= MinWinogradChannels;

    private const int MinWinogradChannels = 16;

    private static Symbol Pool(OpContext ctx, string kind)
    {
        var x = Image(ctx);
        var size = ctx.Ints("ksize");
        if (size.Length != 4 || size[0] != 1 || size[3] != 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"pools with ksize [{string.Join(", ", size)}]; only spatial windows [1, h, w, 1] are supported");
        }
        var (geometry, attributes) = Geometry(ctx, x, (int)size[1], (int)size[2], ctx.Ints("strides"), new long[] { 1, 1, 1, 1 });
        var dims = Shapes.Checked(ctx, new[] { x.Dims[0], geometry.Height.Output, geometry.Width.Output, x.Dims[3] });
        var y = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.Pool, y, new[] { x.Value }, attributes.Append(("kind", kind)).Append(("channels", OpContext.Num(x.Dims[3]))).ToArray());
        return Symbol.Runtime("float32", dims, y);
    }

    /// <summary>Input <paramref name="index"/>: a run-time NHWC image batch, else the node's error (NCHW included).</summary>
    internal static Symbol Image(OpContext ctx, int index = 0)
    {
        var x = ctx.Input(index);
        if (ctx.String("data_format", "NHWC") != "NHWC")
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"uses data_format {ctx.String("data_format", "")}; this version runs NHWC (TensorFlow's CPU kernels support only NHWC too)");
        }
        if (x.Dims.Length != 4 || x.IsConstant)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"takes {x.ShapeText}{(x.IsConstant ? " known at build time" : "")}; this version runs it on a run-time NHWC image batch");
        }
        return x;
    }

    /// <summary>The window over <paramref name="x"/>'s spatial axes from the node's strides, dilations and padding attributes, with the kernel attributes that describe it.</summary>
    internal static (ConvGeometry Geometry, (string, string)[] Attributes) Geometry(OpContext ctx, Symbol x, int fh, int fw, long[] strides, long[] dilations) =>
        Geometry(ctx, x.Dims, x.ShapeText, fh, fw, strides, dilations);

    /// <summary>As above, for an image of <paramref name="dims"/> that is not a symbol (Conv2DBackpropInput's result).</summary>
    internal static (ConvGeometry Geometry, (string, string)[] Attributes) Geometry(OpContext ctx, long[] dims, string shapeText, int fh, int fw, long[] strides, long[] dilations)
    {
        if (strides.Length != 4 || dilations.Length != 4 || strides[0] != 1 || strides[3] != 1 || dilations[0] != 1 || dilations[3] != 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has strides [{string.Join(", ", strides)}] and dilations [{string.Join(", ", dilations)}]; only spatial ones are supported");
        }
        var paddingName = ctx.String("padding", "VALID");
        var padding = paddingName switch
        {
            "SAME" => Padding.Same,
            "VALID" => Padding.Valid,
            "EXPLICIT" => Padding.Explicit,
            _ => throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has padding '{paddingName}'"),
        };
        var pads = padding == Padding.Explicit ? ctx.Ints("explicit_paddings") : new long[8];
        if (pads.Length != 8 || pads.Any(p => p < 0 || p > Shapes.MaxElements))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has explicit_paddings [{string.Join(", ", pads)}]; TensorFlow's NHWC form has 8 values, batch and channel pads 0");
        }
        var values = new[] { dims[1], dims[2], fh, fw, strides[1], strides[2], dilations[1], dilations[2], pads[2], pads[3], pads[4], pads[5] };
        if (values.Any(v => v < 0 || v > int.MaxValue))
        {
            throw ctx.Fail(GraphCompileException.BadShape, "has a dimension, stride or pad out of range");
        }
        try
        {
            var g = ConvGeometry.Create((int)values[0], (int)values[1], fh, fw, (int)values[4], (int)values[5], padding, (int)values[6], (int)values[7],
                (int)values[8], (int)values[9], (int)values[10], (int)values[11]);
            var attributes = new[]
            {
                ("h", values[0]), ("w", values[1]), ("fh", values[2]), ("fw", values[3]), ("sh", values[4]), ("sw", values[5]),
                ("dh", values[6]), ("dw", values[7]), ("pt", values[8]), ("pb", values[9]), ("pl", values[10]), ("pr", values[11]),
            }.Select(a => (a.Item1, OpContext.Num(a.Item2))).Append(("padding", padding.ToString())).ToArray();
            return (g, attributes);
        }
        catch (ArgumentException e)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has a window that does not fit {shapeText}: {e.Message}");
        }
    }
}
