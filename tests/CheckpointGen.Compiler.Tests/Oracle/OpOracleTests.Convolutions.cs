using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>
/// Conv2DBackpropInput, ResizeNearestNeighbor, ResizeBilinear and grouped Conv2D over their
/// attributes; where TensorFlow.js lacks an attribute (dilations of the transposed convolution,
/// <c>input_sizes</c> of two values, Conv2D groups) against a graph TensorFlow defines it by.
/// </summary>
public partial class OpOracleTests
{
    /// <summary>In <c>input_sizes</c>: the batch, stacked from Shape(x)[0].</summary>
    private const int UnknownBatch = -1;

    public static TheoryData<string, int, int, int, int, int> TransposedCases => new()
    {
        // padding, stride, result height, width, filter height, width
        { "SAME", 2, 7, 6, 3, 3 },
        { "SAME", 2, 8, 6, 3, 2 },
        { "VALID", 2, 9, 7, 3, 2 },
        { "SAME", 1, 5, 5, 2, 2 },
        { "VALID", 3, 8, 8, 2, 2 },
        { "VALID", 1, 4, 6, 4, 1 },
    };

    [Theory]
    [MemberData(nameof(TransposedCases))]
    public void Conv2DBackpropInput_equals_tensorflow(string padding, int stride, int height, int width, int fh, int fw)
    {
        const int inChannels = 3, outChannels = 4;
        int oh = Forward(height, fh, stride, padding), ow = Forward(width, fw, stride, padding);
        var filter = Close.Random(fh * fw * outChannels * inChannels, 101);
        var graph = Transposed(padding, stride, 1, fh, fw, filter, outChannels, inChannels, oh, ow, [UnknownBatch, height, width, outChannels]);

        var program = Check(graph.Bytes(), "y", ("x", Close.Random(Batch * oh * ow * inChannels, 102), [Batch, oh, ow, inChannels]));

        Assert.Equal(ProgramKernels.Conv2DTranspose, Assert.Single(program.Steps).Kernel);
    }

    [Fact]
    public void Conv2DBackpropInput_with_explicit_padding_equals_tensorflow()
    {
        const int fh = 3, fw = 2, height = 6, width = 5;
        var filter = Close.Random(fh * fw * 2 * 3, 103);
        var graph = Transposed("EXPLICIT", 2, 1, fh, fw, filter, 2, 3, (height + 1 + 2 - fh) / 2 + 1, (width + 0 + 1 - fw) / 2 + 1, [UnknownBatch, height, width, 2],
            ("explicit_paddings", Ints(0, 0, 1, 2, 0, 1, 0, 0)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 4 * 3 * 3, 104), [Batch, 4, 3, 3]));
    }

    /// <summary>TensorFlow.js takes neither a dilated transposed convolution nor input_sizes of [H, W]: the oracle runs the filter dilated with zeros and the 4-value form.</summary>
    [Fact]
    public void Conv2DBackpropInput_with_dilations_and_two_input_sizes_equals_tensorflows_definition()
    {
        const int fh = 2, fw = 3, dilation = 2, height = 9, width = 8, outChannels = 2, inChannels = 3;
        int eh = (fh - 1) * dilation + 1, ew = (fw - 1) * dilation + 1;
        int oh = Forward(height, eh, 1, "VALID"), ow = Forward(width, ew, 1, "VALID");
        var filter = Close.Random(fh * fw * outChannels * inChannels, 105);
        var dilated = new float[eh * ew * outChannels * inChannels];
        for (var kh = 0; kh < fh; kh++)
            for (var kw = 0; kw < fw; kw++)
                Array.Copy(filter, (kh * fw + kw) * outChannels * inChannels, dilated, (kh * dilation * ew + kw * dilation) * outChannels * inChannels, outChannels * inChannels);
        var ours = Transposed("VALID", 1, dilation, fh, fw, filter, outChannels, inChannels, oh, ow, [height, width]);
        var definition = Transposed("VALID", 1, 1, eh, ew, dilated, outChannels, inChannels, oh, ow, [UnknownBatch, height, width, outChannels]);

        Check(ours.Bytes(), "y", definition.Bytes(), ("x", Close.Random(Batch * oh * ow * inChannels, 106), [Batch, oh, ow, inChannels]));
    }

    public static TheoryData<string, bool, bool, int, int> ResizeCases()
    {
        var data = new TheoryData<string, bool, bool, int, int>();
        foreach (var op in new[] { "ResizeNearestNeighbor", "ResizeBilinear" })
        {
            data.Add(op, false, true, 8, 15);
            data.Add(op, false, true, 3, 2);
            data.Add(op, false, false, 7, 9);
            data.Add(op, false, false, 3, 4);
            data.Add(op, true, false, 7, 3);
            data.Add(op, true, false, 1, 6);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ResizeCases))]
    public void Resize_equals_tensorflow(string op, bool alignCorners, bool halfPixelCenters, int height, int width)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 5, 3).Const("size", [height, width], 2)
            .Op(op, "y", ["x", "size"], ("align_corners", Bool(alignCorners)), ("half_pixel_centers", Bool(halfPixelCenters)));

        var program = Check(graph, "y", ("x", Close.Random(Batch * 4 * 5 * 3, 107), [Batch, 4, 5, 3]));

        Assert.Equal(ProgramKernels.Resize, Assert.Single(program.Steps).Kernel);
    }

    [Theory]
    [InlineData("SAME", 1, 2)]
    [InlineData("VALID", 2, 4)]
    public void Grouped_Conv2D_equals_tensorflows_definition(string padding, int stride, int groups)
    {
        const int channels = 8, outChannels = 4;
        var filter = Close.Random(3 * 3 * (channels / groups) * outChannels, 108);
        (string, AttrValue)[] window = [("strides", Ints(1, stride, stride, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String(padding))];
        var ours = new GraphDefBuilder().Placeholder("x", -1, 7, 6, channels).Const("f", filter, 3, 3, channels / groups, outChannels).Op("Conv2D", "y", ["x", "f"], window);
        // TensorFlow's definition: channels and filter columns split into the groups, convolved pairwise, concatenated.
        var definition = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 7, 6, channels).Const("f", filter, 3, 3, channels / groups, outChannels).Const("axis", [3]))
            .Node("xs", "Split", ["axis", "x"], ("T", Type(DataType.DtFloat)), ("num_split", Int(groups)))
            .Node("fs", "Split", ["axis", "f"], ("T", Type(DataType.DtFloat)), ("num_split", Int(groups)));
        for (var g = 0; g < groups; g++)
        {
            definition.Node($"c{g}", "Conv2D", [g == 0 ? "xs" : $"xs:{g}", g == 0 ? "fs" : $"fs:{g}"], [("T", Type(DataType.DtFloat)), .. window]);
        }
        definition.Node("y", "ConcatV2", [.. Enumerable.Range(0, groups).Select(g => $"c{g}"), "axis"], ("T", Type(DataType.DtFloat)), ("N", Int(groups)), ("Tidx", Type(I32)));

        Check(ours.ToBytes(), "y", definition.Bytes(), ("x", Close.Random(Batch * 7 * 6 * channels, 109), [Batch, 7, 6, channels]));
    }

    /// <summary>
    /// A node that folds two stored constants (over 64 elements each) keeps both: a batch norm of 80
    /// channels stores its multiplier and its addend (each was once stored under the node's one name,
    /// so the addend read the multiplier); a grouped convolution stores a filter per group.
    /// </summary>
    [Fact]
    public void Two_constants_folded_at_one_node_are_stored_apart()
    {
        const int channels = 80;
        var graph = new GraphDefBuilder().Placeholder("x", -1, 2, 2, channels)
            .Const("scale", Close.Random(channels, 111), channels).Const("offset", Close.Random(channels, 112), channels).Const("mean", Close.Random(channels, 113), channels)
            .Const("variance", Close.Random(channels, 114).Select(v => Math.Abs(v) + 0.1f).ToArray(), channels)
            .Op("FusedBatchNormV3", "y", ["x", "scale", "offset", "mean", "variance"], ("epsilon", Float(0.001f)), ("is_training", Bool(false)), ("data_format", String("NHWC")), ("U", Type(DataType.DtFloat)));

        Check(graph, "y", ("x", Close.Random(Batch * 2 * 2 * channels, 115), [Batch, 2, 2, channels]));
    }

    /// <summary>x [batch, oh, ow, inChannels] spread by Conv2DBackpropInput; <paramref name="sizes"/> holding <see cref="UnknownBatch"/> is stacked from Shape(x)[0], as Keras does.</summary>
    private static GraphDef Transposed(string padding, int stride, int dilation, int fh, int fw, float[] filter, int outChannels, int inChannels, int oh, int ow, int[] sizes,
        params (string, AttrValue)[] more)
    {
        var consts = new GraphDefBuilder().Placeholder("x", -1, oh, ow, inChannels).Const("f", filter, fh, fw, outChannels, inChannels);
        if (sizes[0] != UnknownBatch)
        {
            consts.Const("sizes", sizes, sizes.Length);
            return Conv2DBackpropInput(GraphEdit.Parse(consts), stride, dilation, padding, more);
        }
        consts.Const("begin", [0], 1).Const("end", [1], 1).Const("strides", [1], 1);
        for (var i = 1; i < sizes.Length; i++)
        {
            consts.Const($"s{i}", [sizes[i]]);
        }
        var graph = GraphEdit.Parse(consts)
            .Node("shape", "Shape", ["x"], ("T", Type(DataType.DtFloat)), ("out_type", Type(I32)))
            .Node("n", "StridedSlice", ["shape", "begin", "end", "strides"], ("T", Type(I32)), ("Index", Type(I32)), ("shrink_axis_mask", Int(1)))
            .Node("sizes", "Pack", ["n", .. Enumerable.Range(1, sizes.Length - 1).Select(i => $"s{i}")], ("T", Type(I32)), ("N", Int(sizes.Length)), ("axis", Int(0)));
        return Conv2DBackpropInput(graph, stride, dilation, padding, more);
    }

    private static GraphDef Conv2DBackpropInput(GraphDef graph, int stride, int dilation, string padding, (string, AttrValue)[] more) =>
        graph.Node("y", "Conv2DBackpropInput", ["sizes", "f", "x"], [("T", Type(DataType.DtFloat)), ("strides", Ints(1, stride, stride, 1)),
            ("dilations", Ints(1, dilation, dilation, 1)), ("padding", String(padding)), .. more]);

    /// <summary>The forward convolution's output size (TensorFlow's GetWindowedOutputSize), written out again here.</summary>
    private static int Forward(int size, int filter, int stride, string padding) =>
        padding == "SAME" ? (size + stride - 1) / stride : (size - filter) / stride + 1;
}
