using System.Text.Json.Nodes;
using CheckpointGen.Protos;
using static CheckpointGen.Tests.Keras.FunctionBody;

namespace CheckpointGen.Tests.Keras;

/// <summary>
/// The convolutional layers beyond Conv2D, each traced as tf.keras 2 (2.15) traces it at inference:
/// Conv1D through <c>tf.nn.conv1d</c> (ExpandDims → Conv2D → Squeeze; causal padding a Pad first),
/// 1-D pooling through a 2-D pool on an inserted axis, global pooling as reductions,
/// SeparableConv2D as <c>tf.compat.v1.nn.separable_conv2d</c> (depthwise, then a 1×1 Conv2D),
/// Conv2D with groups, Conv2DTranspose as Conv2DBackpropInput of a stacked output shape,
/// UpSampling2D and Resizing through <c>tf.image.resize</c> (half-pixel centres), ZeroPadding2D as
/// Pad, Cropping2D as a strided slice.
/// </summary>
internal sealed partial class KerasModelBuilder
{
    /// <param name="padding">valid, same or causal.</param>
    public string Conv1D(int filters, int kernel, int stride = 1, string padding = "valid", int dilation = 1, string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        var causal = padding == "causal";
        var length = causal ? Spatial(input[0] + (long)dilation * (kernel - 1), kernel, stride, "valid", dilation) : Spatial(input[0], kernel, stride, padding, dilation);
        return Add("Conv1D", from, [length, filters], Config(("filters", filters), ("kernel_size", new JsonArray(kernel)), ("strides", new JsonArray(stride)), ("padding", padding),
                ("data_format", "channels_last"), ("dilation_rate", new JsonArray(dilation)), ("groups", 1), ("activation", activation), ("use_bias", true)),
            [Weight("kernel", kernel, input[1], filters), Weight("bias", filters)],
            (f, x, w) =>
            {
                var image = x[0];
                if (causal)
                {
                    image = f.Float("Pad", "Pad", "output", [image, f.Ints("Pad/paddings", [3, 2], 0, 0, dilation * (kernel - 1), 0, 0, 0)], ("Tpaddings", Type(DataType.DtInt32)));
                }
                var expanded = f.Float("Conv1D/ExpandDims", "ExpandDims", "output", [image, f.Scalar("Conv1D/ExpandDims/dim", -3)], ("Tdim", Type(DataType.DtInt32)));
                var filter = f.Float("Conv1D/ExpandDims_1", "ExpandDims", "output", [f.Read("Conv1D/ExpandDims_1/ReadVariableOp", w[0]), f.Scalar("Conv1D/ExpandDims_1/dim", 0)],
                    ("Tdim", Type(DataType.DtInt32)));
                var conv = f.Float("Conv1D", "Conv2D", "output", [expanded, filter],
                    ("strides", Ints(1, 1, stride, 1)), ("padding", Text(causal ? "VALID" : padding.ToUpperInvariant())), ("dilations", Ints(1, 1, dilation, 1)), ("data_format", Text("NHWC")),
                    ("use_cudnn_on_gpu", new AttrValue { B = true }), ("explicit_paddings", Ints()));
                var squeezed = f.Float("Conv1D/Squeeze", "Squeeze", "output", [conv], ("squeeze_dims", Ints(-3)));
                return Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [squeezed, f.Read("BiasAdd/ReadVariableOp", w[1])], ("data_format", Text("NHWC"))));
            });
    }

    public string MaxPooling1D(int pool = 2, int? stride = null, string padding = "valid", string? from = null) => Pooling1D("MaxPooling1D", "MaxPool", pool, stride ?? pool, padding, from);

    public string AveragePooling1D(int pool = 2, int? stride = null, string padding = "valid", string? from = null) => Pooling1D("AveragePooling1D", "AvgPool", pool, stride ?? pool, padding, from);

    public string GlobalAveragePooling1D(string? from = null) => GlobalPooling("GlobalAveragePooling1D", "Mean", 1, from);

    public string GlobalMaxPooling1D(string? from = null) => GlobalPooling("GlobalMaxPooling1D", "Max", 1, from);

    public string GlobalMaxPooling2D(string? from = null) => GlobalPooling("GlobalMaxPooling2D", "Max", 2, from);

    public string SeparableConv2D(int filters, int kernel, int multiplier = 1, int stride = 1, string padding = "valid", string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        var c = input[2];
        var dims = new[] { Spatial(input[0], kernel, stride, padding, 1), Spatial(input[1], kernel, stride, padding, 1), filters };
        return Add("SeparableConv2D", from, dims, Config(("filters", filters), ("kernel_size", Pair(kernel)), ("strides", Pair(stride)), ("padding", padding),
                ("data_format", "channels_last"), ("dilation_rate", Pair(1)), ("groups", 1), ("depth_multiplier", multiplier), ("activation", activation), ("use_bias", true)),
            [Weight("depthwise_kernel", kernel, kernel, c, multiplier), Weight("pointwise_kernel", 1, 1, c * multiplier, filters), Weight("bias", filters)],
            (f, x, w) =>
            {
                var depthwise = f.Float("separable_conv2d/depthwise", "DepthwiseConv2dNative", "output", [x[0], f.Read("separable_conv2d/ReadVariableOp", w[0])],
                    Window(stride, padding, 1, ("explicit_paddings", Ints())));
                var pointwise = f.Float("separable_conv2d", "Conv2D", "output", [depthwise, f.Read("separable_conv2d/ReadVariableOp_1", w[1])],
                    Window(1, "valid", 1, ("use_cudnn_on_gpu", new AttrValue { B = true }), ("explicit_paddings", Ints())));
                return Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [pointwise, f.Read("BiasAdd/ReadVariableOp", w[2])], ("data_format", Text("NHWC"))));
            });
    }

    /// <summary>
    /// Conv2D with <paramref name="groups"/> &gt; 1: a kernel of input channels / groups (Keras runs it through a jit-compiled
    /// function; the op is the same Conv2D). With <paramref name="definition"/> the call function computes it as TensorFlow
    /// defines it instead, for an oracle without groups: input channels and kernel columns split into the groups, convolved
    /// pairwise, concatenated.
    /// </summary>
    public string GroupedConv2D(int filters, int kernel, int groups, string padding = "valid", bool definition = false, string? from = null)
    {
        var input = Shape(from);
        var dims = new[] { Spatial(input[0], kernel, 1, padding, 1), Spatial(input[1], kernel, 1, padding, 1), filters };
        var window = Window(1, padding, 1, ("use_cudnn_on_gpu", new AttrValue { B = true }), ("explicit_paddings", Ints()));
        return Add("Conv2D", from, dims, Config(("filters", filters), ("kernel_size", Pair(kernel)), ("strides", Pair(1)), ("padding", padding),
                ("data_format", "channels_last"), ("dilation_rate", Pair(1)), ("groups", groups), ("activation", "linear"), ("use_bias", true)),
            [Weight("kernel", kernel, kernel, input[2] / groups, filters), Weight("bias", filters)],
            (f, x, w) =>
            {
                var weights = f.Read("Conv2D/ReadVariableOp", w[0]);
                string conv;
                if (definition)
                {
                    var axis = f.Scalar("split/split_dim", 3);
                    f.Float("split", "Split", "output", [axis, x[0]], ("num_split", new AttrValue { I = groups }));
                    f.Float("split_1", "Split", "output", [axis, weights], ("num_split", new AttrValue { I = groups }));
                    var parts = Enumerable.Range(0, groups).Select(g => f.Float($"Conv2D_{g}", "Conv2D", "output", [$"split:output:{g}", $"split_1:output:{g}"], window)).ToArray();
                    conv = f.Float("concat", "ConcatV2", "output", [.. parts, f.Scalar("concat/axis", 3)], ("N", new AttrValue { I = groups }), ("Tidx", Type(DataType.DtInt32)));
                }
                else
                {
                    conv = f.Float("Conv2D", "Conv2D", "output", [x[0], weights], window);
                }
                return f.Float("BiasAdd", "BiasAdd", "output", [conv, f.Read("BiasAdd/ReadVariableOp", w[1])], ("data_format", Text("NHWC")));
            });
    }

    /// <summary>Conv2DTranspose: the output shape stacked from the batch (Shape at run time) and Keras' deconv_output_length, then Conv2DBackpropInput.</summary>
    public string Conv2DTranspose(int filters, int kernel, int stride = 1, string padding = "valid", string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        long Length(long size) => padding == "same" ? size * stride : size * stride + Math.Max(kernel - stride, 0);
        var dims = new[] { Length(input[0]), Length(input[1]), filters };
        return Add("Conv2DTranspose", from, dims, Config(("filters", filters), ("kernel_size", Pair(kernel)), ("strides", Pair(stride)), ("padding", padding),
                ("output_padding", null), ("data_format", "channels_last"), ("dilation_rate", Pair(1)), ("groups", 1), ("activation", activation), ("use_bias", true)),
            [Weight("kernel", kernel, kernel, filters, input[2]), Weight("bias", filters)],
            (f, x, w) =>
            {
                var batch = BatchSize(f, x[0]);
                var stack = f.Add("stack", "Pack", "output", [batch, f.Scalar("stack/1", (int)dims[0]), f.Scalar("stack/2", (int)dims[1]), f.Scalar("stack/3", filters)],
                    ("T", Type(DataType.DtInt32)), ("N", new AttrValue { I = 4 }), ("axis", new AttrValue { I = 0 }));
                var conv = f.Float("conv2d_transpose", "Conv2DBackpropInput", "output", [stack, f.Read("conv2d_transpose/ReadVariableOp", w[0]), x[0]],
                    Window(stride, padding, 1, ("use_cudnn_on_gpu", new AttrValue { B = true }), ("explicit_paddings", Ints())));
                return Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [conv, f.Read("BiasAdd/ReadVariableOp", w[1])], ("data_format", Text("NHWC"))));
            });
    }

    /// <summary>UpSampling2D: the new size as the static size times the factors (an int32 Mul that folds), resized with half-pixel centres.</summary>
    public string UpSampling2D(int rows, int columns, string interpolation = "nearest", string? from = null)
    {
        var input = Shape(from);
        return Add("UpSampling2D", from, [input[0] * rows, input[1] * columns, input[2]],
            Config(("size", new JsonArray(rows, columns)), ("data_format", "channels_last"), ("interpolation", interpolation)), [],
            (f, x, _) =>
            {
                var size = f.Add("mul", "Mul", "z", [f.Ints("Const", (int)input[0], (int)input[1]), f.Ints("Const_1", rows, columns)], ("T", Type(DataType.DtInt32)));
                return ResizeImages(f, x[0], size, interpolation);
            });
    }

    /// <summary>The Resizing preprocessing layer: tf.image.resize to a constant size (its cast to float32 of a float32 result adds no node).</summary>
    public string Resizing(int height, int width, string interpolation = "bilinear", string? from = null)
    {
        var input = Shape(from);
        return Add("Resizing", from, [height, width, input[2]],
            Config(("height", height), ("width", width), ("interpolation", interpolation), ("crop_to_aspect_ratio", false)), [],
            (f, x, _) => ResizeImages(f, x[0], f.Ints("resize/size", height, width), interpolation));
    }

    public string ZeroPadding2D(int top, int bottom, int left, int right, string? from = null)
    {
        var input = Shape(from);
        return Add("ZeroPadding2D", from, [input[0] + top + bottom, input[1] + left + right, input[2]],
            Config(("padding", new JsonArray(new JsonArray(top, bottom), new JsonArray(left, right))), ("data_format", "channels_last")), [],
            (f, x, _) => f.Float("Pad", "Pad", "output", [x[0], f.Ints("Pad/paddings", [4, 2], 0, 0, top, bottom, left, right, 0, 0)], ("Tpaddings", Type(DataType.DtInt32))));
    }

    /// <summary>Cropping2D: <c>inputs[:, top:-bottom, left:-right, :]</c>, an end left open (masked) where Keras writes <c>top:</c> for a zero crop.</summary>
    public string Cropping2D(int top, int bottom, int left, int right, string? from = null)
    {
        var input = Shape(from);
        var endMask = 1 | 8 | (bottom == 0 ? 2 : 0) | (right == 0 ? 4 : 0);
        return Add("Cropping2D", from, [input[0] - top - bottom, input[1] - left - right, input[2]],
            Config(("cropping", new JsonArray(new JsonArray(top, bottom), new JsonArray(left, right))), ("data_format", "channels_last")), [],
            (f, x, _) => f.Float("strided_slice", "StridedSlice", "output",
                [x[0], f.Ints("strided_slice/stack", 0, top, left, 0), f.Ints("strided_slice/stack_1", 0, -bottom, -right, 0), f.Ints("strided_slice/stack_2", 1, 1, 1, 1)],
                ("Index", Type(DataType.DtInt32)), ("begin_mask", new AttrValue { I = 9 }), ("end_mask", new AttrValue { I = endMask }), ("ellipsis_mask", new AttrValue { I = 0 }),
                ("new_axis_mask", new AttrValue { I = 0 }), ("shrink_axis_mask", new AttrValue { I = 0 })));
    }

    /// <summary>The batch size as Keras takes it: <c>tf.shape(x)[0]</c>.</summary>
    private static string BatchSize(FunctionBody f, string x)
    {
        var shape = f.Add("Shape", "Shape", "output", [x], ("T", Type(DataType.DtFloat)), ("out_type", Type(DataType.DtInt32)));
        return f.Add("strided_slice", "StridedSlice", "output", [shape, f.Ints("strided_slice/stack", 0), f.Ints("strided_slice/stack_1", 1), f.Ints("strided_slice/stack_2", 1)],
            ("T", Type(DataType.DtInt32)), ("Index", Type(DataType.DtInt32)), ("shrink_axis_mask", new AttrValue { I = 1 }), ("begin_mask", new AttrValue { I = 0 }),
            ("end_mask", new AttrValue { I = 0 }), ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));
    }

    /// <summary>tf.image.resize (v2): nearest and bilinear with half_pixel_centers, align_corners off.</summary>
    private static string ResizeImages(FunctionBody f, string x, string size, string interpolation)
    {
        var op = interpolation == "nearest" ? "ResizeNearestNeighbor" : "ResizeBilinear";
        return f.Float($"resize/{op}", op, "resized_images", [x, size], ("align_corners", new AttrValue { B = false }), ("half_pixel_centers", new AttrValue { B = true }));
    }

    private string Pooling1D(string className, string op, int pool, int stride, string padding, string? from)
    {
        var input = Shape(from);
        return Add(className, from, [Spatial(input[0], pool, stride, padding, 1), input[1]],
            Config(("pool_size", new JsonArray(pool)), ("strides", new JsonArray(stride)), ("padding", padding), ("data_format", "channels_last")), [],
            (f, x, _) =>
            {
                var expanded = f.Float("ExpandDims", "ExpandDims", "output", [x[0], f.Scalar("ExpandDims/dim", 2)], ("Tdim", Type(DataType.DtInt32)));
                var pooled = f.Float(op, op, "output", [expanded], ("ksize", Ints(1, pool, 1, 1)), ("strides", Ints(1, stride, 1, 1)), ("padding", Text(padding.ToUpperInvariant())),
                    ("data_format", Text("NHWC")));
                return f.Float("Squeeze", "Squeeze", "output", [pooled], ("squeeze_dims", Ints(2)));
            });
    }

    /// <summary>backend.mean or backend.max over the steps (axis 1) or the two spatial axes.</summary>
    private string GlobalPooling(string className, string op, int spatial, string? from)
    {
        var input = Shape(from);
        var axes = spatial == 1 ? null : new[] { 1, 2 };
        return Add(className, from, [input[^1]], Config(("data_format", "channels_last"), ("keepdims", false)), [],
            (f, x, _) => f.Float(op, op, "output", [x[0], axes is null ? f.Scalar($"{op}/reduction_indices", 1) : f.Ints($"{op}/reduction_indices", axes)],
                ("Tidx", Type(DataType.DtInt32)), ("keep_dims", new AttrValue { B = false })));
    }
}
