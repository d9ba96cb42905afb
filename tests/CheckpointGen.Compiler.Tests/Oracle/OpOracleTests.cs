using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests.Oracle;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>
/// One op (or a small pattern) per synthetic graph, compiled and run through the generated method
/// and through TensorFlow.js on the same graph bytes with the same random inputs.
/// </summary>
public partial class OpOracleTests
{
    private const int Batch = 3;

    public static TheoryData<string> UnaryOps => new() { "Neg", "Abs", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Log1p", "Floor", "Tanh", "Sigmoid", "Relu", "Relu6", "Elu", "Selu", "Softplus", "LeakyRelu", "Softmax", "LogSoftmax" };

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Unary_op_equals_tensorflow(string op)
    {
        // Sqrt, Rsqrt and the logs need positive inputs; the rest see both signs.
        var positive = op is "Sqrt" or "Rsqrt" or "Log" or "Log1p";
        var x = Close.Random(Batch * 6, op.Length).Select(v => positive ? Math.Abs(v) * 4 + 0.01f : v * 8).ToArray();
        var graph = new GraphDefBuilder().Placeholder("x", -1, 6).Op(op, "y", ["x"]);

        Check(graph, "y", ("x", x, [Batch, 6]));
    }

    [Fact]
    public void LeakyRelu_reads_its_alpha()
    {
        // Not the default 0.2: only LeakyRelu's printed call carries a slope, and it must be this one.
        var graph = new GraphDefBuilder().Placeholder("x", -1, 6).Op("LeakyRelu", "y", ["x"], ("alpha", Float(0.3f)));

        Check(graph, "y", ("x", Close.Random(Batch * 6, 7).Select(v => v * 8).ToArray(), [Batch, 6]));
    }

    public static TheoryData<string, long[], long[]> Broadcasts => new()
    {
        { "AddV2", [-1, 4], [4] },
        { "Sub", [-1, 4], [1] },
        { "Mul", [-1, 2, 3], [2, 1] },
        { "RealDiv", [-1, 4], [-1, 4] },
        { "Maximum", [-1, 3, 2], [3, 2] },
        { "Minimum", [-1, 4], [1, 4] },
        { "SquaredDifference", [-1, 4], [4] },
        { "Add", [-1, 2, 3], [-1, 1, 1] },
        { "AddV2", [-1, 1, 3], [-1, 4, 3] },
        { "Mul", [-1, 4, 1, 2], [3, 1] },
        { "Sub", [-1, 2, 4, 1], [2, 1, 3] },
        { "Maximum", [-1, 3, 1], [-1, 1, 5] },
    };

    [Theory]
    [MemberData(nameof(Broadcasts))]
    public void Binary_op_broadcasts_as_tensorflow(string op, long[] xShape, long[] yShape)
    {
        var x = Close.Random(Batch * (int)xShape.Skip(1).Aggregate(1L, (a, d) => a * d), 3);
        var yBatched = yShape[0] < 0;
        var yCount = (int)yShape.Select(d => d < 0 ? Batch : d).Aggregate(1L, (a, d) => a * d);
        var y = Close.Random(yCount, 5).Select(v => op == "RealDiv" ? v + 2f : v).ToArray();
        var graph = new GraphDefBuilder().Placeholder("x", xShape);
        if (yBatched)
        {
            graph.Placeholder("y", yShape).Op(op, "z", ["x", "y"]);
            Check(graph, "z", ("x", x, Concrete(xShape)), ("y", y, Concrete(yShape)));
        }
        else
        {
            graph.Const("y", y, yShape).Op(op, "z", ["x", "y"]);
            Check(graph, "z", ("x", x, Concrete(xShape)));
        }
    }

    [Fact]
    public void BiasAdd_NHWC_equals_tensorflow()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 2, 3, 4).Const("b", Close.Random(4, 12), 4).Op("BiasAdd", "y", ["x", "b"]);

        Check(graph, "y", ("x", Close.Random(Batch * 2 * 3 * 4, 11), [Batch, 2, 3, 4]));
    }

    [Fact]
    public void BiasAdd_NCHW_equals_tensorflows_definition()
    {
        // TensorFlow.js ignores data_format on BiasAdd; TensorFlow defines NCHW as adding the bias
        // shaped [C, 1, 1], which the oracle runs as an Add.
        var bias = Close.Random(2, 12);
        var ours = new GraphDefBuilder().Placeholder("x", -1, 2, 3, 4).Const("b", bias, 2).Op("BiasAdd", "y", ["x", "b"], ("data_format", String("NCHW")));
        var definition = new GraphDefBuilder().Placeholder("x", -1, 2, 3, 4).Const("b", bias, 2, 1, 1).Op("AddV2", "y", ["x", "b"]);

        Check(ours.ToBytes(), "y", definition.ToBytes(), ("x", Close.Random(Batch * 2 * 3 * 4, 11), [Batch, 2, 3, 4]));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void MatMul_with_bias_and_activation_fuses_and_equals_tensorflow(bool transposeA, bool transposeB)
    {
        var w = Close.Random(5 * 7, 21);
        var graph = new GraphDefBuilder().Placeholder("x", -1, 5).Const("w", w, transposeB ? [7, 5] : [5, 7]).Const("b", Close.Random(7, 22), 7)
            .Op("MatMul", "mm", ["x", "w"], ("transpose_a", Bool(transposeA)), ("transpose_b", Bool(transposeB)))
            .Op("BiasAdd", "ba", ["mm", "b"]).Op("Relu6", "y", ["ba"]);

        var program = Check(graph, "y", ("x", Close.Random(Batch * 5, 23).Select(v => v * 3).ToArray(), [Batch, 5]));

        Assert.Equal("MatMul", Assert.Single(program.Steps).Kernel);
    }

    [Theory]
    [InlineData("Sum", new[] { 1 }, false)]
    [InlineData("Mean", new[] { 2 }, true)]
    [InlineData("Max", new[] { 1, 2 }, false)]
    [InlineData("Min", new[] { -1 }, false)]
    [InlineData("Prod", new[] { 1 }, true)]
    public void Reduction_equals_tensorflow(string op, int[] axes, bool keepDims)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("axes", axes, axes.Length)
            .Op(op, "y", ["x", "axes"], ("keep_dims", Bool(keepDims)), ("Tidx", Type(DataType.DtInt32)));

        Check(graph, "y", ("x", Close.Random(Batch * 12, 31), [Batch, 3, 4]));
    }

    [Fact]
    public void Flatten_by_shape_arithmetic_and_concat_equal_tensorflow()
    {
        // Keras' Flatten: reshape to [shape(x)[0], -1]; then concatenation along the last axis.
        const DataType I = DataType.DtInt32, F = DataType.DtFloat;
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2, 3)
                .Const("begin", [0], 1).Const("end", [1], 1).Const("strides", [1], 1).Const("minus1", [-1]).Const("axis", [1]))
            .Node("shape", "Shape", ["x"], ("T", Type(F)), ("out_type", Type(I)))
            .Node("n", "StridedSlice", ["shape", "begin", "end", "strides"], ("T", Type(I)), ("Index", Type(I)), ("shrink_axis_mask", Int(1)))
            .Node("target", "Pack", ["n", "minus1"], ("T", Type(I)), ("N", Int(2)), ("axis", Int(0)))
            .Node("flat", "Reshape", ["x", "target"], ("T", Type(F)), ("Tshape", Type(I)))
            .Node("t", "Tanh", ["flat"], ("T", Type(F)))
            .Node("y", "ConcatV2", ["flat", "t", "axis"], ("T", Type(F)), ("N", Int(2)), ("Tidx", Type(I)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 6, 41), [Batch, 2, 3]));
    }

    [Theory]
    [InlineData("SAME", 1, 1)]
    [InlineData("VALID", 2, 1)]
    [InlineData("SAME", 1, 2)]
    public void Conv2D_with_bias_and_relu_equals_tensorflow(string padding, int stride, int dilation)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 7, 6, 3).Const("f", Close.Random(3 * 3 * 3 * 4, 51), 3, 3, 3, 4).Const("b", Close.Random(4, 52), 4)
            .Op("Conv2D", "c", ["x", "f"], ("strides", Ints(1, stride, stride, 1)), ("dilations", Ints(1, dilation, dilation, 1)), ("padding", String(padding)))
            .Op("BiasAdd", "ba", ["c", "b"]).Op("Relu", "y", ["ba"]);

        var program = Check(graph, "y", ("x", Close.Random(Batch * 7 * 6 * 3, 53), [Batch, 7, 6, 3]));

        Assert.Equal("Conv2D", Assert.Single(program.Steps).Kernel);
    }

    [Fact]
    public void Conv2D_with_explicit_padding_equals_tensorflows_pad_then_valid()
    {
        // TensorFlow.js has no EXPLICIT padding; TensorFlow defines it as padding with zeros, then VALID.
        var filter = Close.Random(2 * 2 * 2 * 3, 61);
        var ours = new GraphDefBuilder().Placeholder("x", -1, 4, 5, 2).Const("f", filter, 2, 2, 2, 3)
            .Op("Conv2D", "y", ["x", "f"], ("strides", Ints(1, 1, 1, 1)), ("padding", String("EXPLICIT")), ("explicit_paddings", Ints(0, 0, 1, 0, 2, 1, 0, 0)));
        var definition = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4, 5, 2).Const("f", filter, 2, 2, 2, 3).Const("pads", [0, 0, 1, 0, 2, 1, 0, 0], 4, 2))
            .Node("padded", "Pad", ["x", "pads"], ("T", Type(DataType.DtFloat)), ("Tpaddings", Type(DataType.DtInt32)))
            .Node("y", "Conv2D", ["padded", "f"], ("T", Type(DataType.DtFloat)), ("strides", Ints(1, 1, 1, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String("VALID")));

        Check(ours.ToBytes(), "y", definition.Bytes(), ("x", Close.Random(Batch * 4 * 5 * 2, 62), [Batch, 4, 5, 2]));
    }

    [Theory]
    [InlineData("SAME")]
    [InlineData("EXPLICIT")]
    public void Three_by_three_convolution_of_16_channels_runs_as_winograd_and_equals_tensorflow(string padding)
    {
        // 16 → 17 channels: Winograd, with a last partial vector of output channels; EXPLICIT as TensorFlow defines it (pad, then VALID).
        var filter = Close.Random(3 * 3 * 16 * 17, 63, 0.2f);
        var bias = Close.Random(17, 64);
        var ours = new GraphDefBuilder().Placeholder("x", -1, 7, 6, 16).Const("f", filter, 3, 3, 16, 17).Const("b", bias, 17)
            .Op("Conv2D", "c", ["x", "f"], padding == "SAME"
                ? [("strides", Ints(1, 1, 1, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String(padding))]
                : [("strides", Ints(1, 1, 1, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String(padding)), ("explicit_paddings", Ints(0, 0, 2, 1, 0, 3, 0, 0))])
            .Op("BiasAdd", "ba", ["c", "b"]).Op("Relu", "y", ["ba"]);
        var definition = padding == "SAME" ? ours.ToBytes() : GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 7, 6, 16).Const("f", filter, 3, 3, 16, 17)
                .Const("b", bias, 17).Const("pads", [0, 0, 2, 1, 0, 3, 0, 0], 4, 2))
            .Node("padded", "Pad", ["x", "pads"], ("T", Type(DataType.DtFloat)), ("Tpaddings", Type(DataType.DtInt32)))
            .Node("c", "Conv2D", ["padded", "f"], ("T", Type(DataType.DtFloat)), ("strides", Ints(1, 1, 1, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String("VALID")))
            .Node("ba", "BiasAdd", ["c", "b"], ("T", Type(DataType.DtFloat)))
            .Node("y", "Relu", ["ba"], ("T", Type(DataType.DtFloat))).Bytes();

        var program = Check(ours.ToBytes(), "y", definition, ("x", Close.Random(Batch * 7 * 6 * 16, 65), [Batch, 7, 6, 16]));

        Assert.Equal(ProgramKernels.WinogradConv2D, Assert.Single(program.Steps).Kernel);
    }

    [Theory]
    [InlineData("SAME", 1)]
    [InlineData("VALID", 2)]
    public void Depthwise_convolution_equals_tensorflow(string padding, int stride)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 6, 6, 3).Const("f", Close.Random(3 * 3 * 3 * 2, 71), 3, 3, 3, 2)
            .Op("DepthwiseConv2dNative", "y", ["x", "f"], ("strides", Ints(1, stride, stride, 1)), ("dilations", Ints(1, 1, 1, 1)), ("padding", String(padding)));

        Check(graph, "y", ("x", Close.Random(Batch * 6 * 6 * 3, 72), [Batch, 6, 6, 3]));
    }

    [Theory]
    [InlineData("MaxPool", "SAME", 2)]
    [InlineData("MaxPool", "VALID", 1)]
    [InlineData("AvgPool", "SAME", 2)]
    [InlineData("AvgPool", "VALID", 2)]
    public void Pooling_equals_tensorflow(string op, string padding, int stride)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 5, 7, 2)
            .Op(op, "y", ["x"], ("ksize", Ints(1, 3, 2, 1)), ("strides", Ints(1, stride, stride, 1)), ("padding", String(padding)));

        Check(graph, "y", ("x", Close.Random(Batch * 5 * 7 * 2, 81), [Batch, 5, 7, 2]));
    }

    [Theory]
    [InlineData("FusedBatchNorm")]
    [InlineData("FusedBatchNormV3")]
    public void Batch_normalization_at_inference_equals_tensorflow(string op)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 3, 2, 4)
            .Const("scale", Close.Random(4, 91), 4).Const("offset", Close.Random(4, 92), 4).Const("mean", Close.Random(4, 93), 4)
            .Const("variance", Close.Random(4, 94).Select(v => Math.Abs(v) + 0.1f).ToArray(), 4)
            .Op(op, "y", ["x", "scale", "offset", "mean", "variance"], ("epsilon", Float(0.001f)), ("is_training", Bool(false)), ("data_format", String("NHWC")), ("U", Type(DataType.DtFloat)));

        var program = Check(graph, "y", ("x", Close.Random(Batch * 3 * 2 * 4, 95), [Batch, 3, 2, 4]));

        Assert.Equal(2, program.Steps.Count);
    }

    private static int[] Concrete(long[] shape) => shape.Select(d => d < 0 ? Batch : (int)d).ToArray();

    private static PlanProgram Check(GraphDefBuilder graph, string output, params (string Name, float[] Values, int[] Shape)[] inputs) =>
        Check(graph.ToBytes(), output, inputs);

    private static PlanProgram Check(byte[] bytes, string output, params (string Name, float[] Values, int[] Shape)[] inputs) =>
        Check(bytes, output, bytes, inputs);

    /// <param name="bytes">The graph compiled.</param>
    /// <param name="output">The tensor compared.</param>
    /// <param name="oracleBytes">The graph TensorFlow.js runs: the same, or an equivalent by TensorFlow's definition where tfjs lacks an attribute.</param>
    /// <param name="inputs">Fed values.</param>
    /// <returns>The compiled program, for assertions on its steps.</returns>
    private static PlanProgram Check(byte[] bytes, string output, byte[] oracleBytes, params (string Name, float[] Values, int[] Shape)[] inputs)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, bytes);
        using var model = CompiledModel.Build(path, output, string.Join(";", inputs.Select(i => i.Name)));
        var actual = model.Run(Batch, inputs.Select(i => i.Values).ToArray())[0];
        var expected = TfjsOracle.Run(oracleBytes, inputs.ToDictionary(i => i.Name, i => OracleTensor.Float(i.Values, i.Shape)), output)[output];
        Close.Assert(expected.Values, actual, output);
        return model.Plan.Programs[0];
    }
}
