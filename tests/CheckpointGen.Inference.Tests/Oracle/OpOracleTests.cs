using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Kernels.Elementwise;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Tests.Reference;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Inference.Tests.Oracle;

/// <summary>
/// The kernels against TensorFlow's semantics: synthetic one-op graphs (with TensorFlow's attribute
/// names and encodings) run by the TensorFlow.js oracle, compared with the same computation done by
/// the kernels. One graph per family, so each test starts Node once.
/// </summary>
public class OpOracleTests
{
    private static Dictionary<string, OracleTensor> Feed(params (string Name, OracleTensor Tensor)[] inputs) =>
        inputs.ToDictionary(i => i.Name, i => i.Tensor);

    [Fact]
    public void MatMul_with_each_transpose_and_BiasAdd_Relu_fusion()
    {
        const int m = 7, k = 19, n = 13;
        float[] a = Tolerance.Random(m * k, 41), at = Transpose(a, m, k), b = Tolerance.Random(k * n, 42), bt = Transpose(b, k, n), bias = Tolerance.Random(n, 43);
        var graph = new GraphDefBuilder()
            .Placeholder("a", m, k).Placeholder("at", k, m)
            .Const("b", b, k, n).Const("bt", bt, n, k).Const("bias", bias, n);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                graph.Op("MatMul", $"mm_{ta}_{tb}", [ta ? "at" : "a", tb ? "bt" : "b"], ("transpose_a", Bool(ta)), ("transpose_b", Bool(tb)));
        graph.Op("BiasAdd", "biased", ["mm_False_False", "bias"], ("data_format", String("NHWC")))
             .Op("Relu", "fused", ["biased"]);

        var names = new[] { "mm_False_False", "mm_False_True", "mm_True_False", "mm_True_True", "fused" };
        var outputs = TfjsOracle.Run(graph.ToBytes(), Feed(("a", OracleTensor.Float(a, m, k)), ("at", OracleTensor.Float(at, k, m))), names);

        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var c = new float[m * n];
                Gemm.Multiply(ta ? at : a, m, PackedMatrix.Pack(tb ? bt : b, k, n, tb), c, transposeA: ta);
                Tolerance.AssertClose(outputs[$"mm_{ta}_{tb}"].Values, c, $"MatMul transpose_a={ta} transpose_b={tb}");
            }
        var fused = new float[m * n];
        Gemm.Multiply(a, m, PackedMatrix.Pack(b, k, n), fused, bias, Activation.Relu);
        Tolerance.AssertClose(outputs["fused"].Values, fused, "MatMul + BiasAdd + Relu");
    }

    private sealed record ConvCase(string Name, int Filter, int Stride, int Dilation, string Padding, int[] Pads);

    [Fact]
    public void Conv2D_with_each_padding_stride_and_dilation_and_a_fused_epilogue()
    {
        const int batch = 2, h = 9, w = 8, c = 3, o = 5;
        ConvCase[] cases =
        [
            new("same_s2", 3, 2, 1, "SAME", []),
            new("valid_s1", 3, 1, 1, "VALID", []),
            new("same_d2", 3, 1, 2, "SAME", []),
            new("explicit", 3, 2, 1, "EXPLICIT", [1, 2, 0, 1]),
            new("pointwise", 1, 1, 1, "VALID", []),
            new("even_same", 4, 3, 1, "SAME", []),
        ];
        float[] x = Tolerance.Random(batch * h * w * c, 44), bias = Tolerance.Random(o, 45);
        var graph = new GraphDefBuilder().Placeholder("x", batch, h, w, c).Const("bias", bias, o);
        foreach (var cc in cases)
        {
            graph.Const($"{cc.Name}/filter", Filter(cc, c, o), cc.Filter, cc.Filter, c, o);
            var attributes = new List<(string, Protos.AttrValue)>
            {
                ("strides", Ints(1, cc.Stride, cc.Stride, 1)), ("dilations", Ints(1, cc.Dilation, cc.Dilation, 1)),
                ("padding", String(cc.Padding)), ("data_format", String("NHWC")),
            };
            if (cc.Pads.Length > 0) attributes.Add(("explicit_paddings", Ints(0, 0, cc.Pads[0], cc.Pads[1], cc.Pads[2], cc.Pads[3], 0, 0)));
            graph.Op("Conv2D", cc.Name, ["x", $"{cc.Name}/filter"], [.. attributes]);
        }
        graph.Op("BiasAdd", "biased", ["same_s2", "bias"], ("data_format", String("NHWC"))).Op("Relu6", "fused", ["biased"]);

        var outputs = TfjsOracle.Run(graph.ToBytes(), Feed(("x", OracleTensor.Float(x, batch, h, w, c))), [.. cases.Select(cc => cc.Name), "fused"]);

        foreach (var cc in cases)
        {
            var geometry = Geometry(cc, h, w);
            var result = Convolve(cc, x, batch, c, o, geometry, default, Activation.None);
            Assert.Equal(new[] { batch, geometry.Height.Output, geometry.Width.Output, o }, outputs[cc.Name].Shape);
            Tolerance.AssertClose(outputs[cc.Name].Values, result, $"Conv2D {cc}");
        }
        var first = cases[0];
        Tolerance.AssertClose(outputs["fused"].Values, Convolve(first, x, batch, c, o, Geometry(first, h, w), bias, Activation.Relu6), "Conv2D + BiasAdd + Relu6");
    }

    [Fact]
    public void DepthwiseConv2D_and_pooling()
    {
        const int batch = 2, h = 7, w = 6, c = 4, multiplier = 2;
        float[] x = Tolerance.Random(batch * h * w * c, 46), filter = Tolerance.Random(3 * 3 * c * multiplier, 47);
        var graph = new GraphDefBuilder().Placeholder("x", batch, h, w, c).Const("filter", filter, 3, 3, c, multiplier)
            .Op("DepthwiseConv2dNative", "depthwise", ["x", "filter"], ("strides", Ints(1, 2, 2, 1)), ("dilations", Ints(1, 1, 1, 1)),
                ("padding", String("SAME")), ("data_format", String("NHWC")));
        foreach (var pool in new[] { "MaxPool", "AvgPool" })
            foreach (var padding in new[] { "SAME", "VALID" })
                graph.Op(pool, $"{pool}_{padding}", ["x"], ("ksize", Ints(1, 3, 2, 1)), ("strides", Ints(1, 2, 2, 1)),
                    ("padding", String(padding)), ("data_format", String("NHWC")));

        var outputs = TfjsOracle.Run(graph.ToBytes(), Feed(("x", OracleTensor.Float(x, batch, h, w, c))),
            "depthwise", "MaxPool_SAME", "MaxPool_VALID", "AvgPool_SAME", "AvgPool_VALID");

        var geometry = ConvGeometry.Create(h, w, 3, 3, 2, 2, Padding.Same);
        var depthwise = new float[batch * geometry.OutputPixels * c * multiplier];
        DepthwiseConv2D.Run(x, batch, c, geometry, filter, multiplier, depthwise);
        Tolerance.AssertClose(outputs["depthwise"].Values, depthwise, "DepthwiseConv2dNative");
        foreach (var padding in new[] { Padding.Same, Padding.Valid })
        {
            var window = ConvGeometry.Create(h, w, 3, 2, 2, 2, padding);
            var pooled = new float[batch * window.OutputPixels * c];
            Pool2D.Max(x, batch, c, window, pooled);
            Tolerance.AssertClose(outputs[$"MaxPool_{padding.ToString().ToUpperInvariant()}"].Values, pooled, $"MaxPool {padding}");
            Pool2D.Average(x, batch, c, window, pooled);
            Tolerance.AssertClose(outputs[$"AvgPool_{padding.ToString().ToUpperInvariant()}"].Values, pooled, $"AvgPool {padding}");
        }
    }

    [Fact]
    public void Activations_softmax_exp_and_log()
    {
        const int rows = 4, width = 37;
        float[] x = Tolerance.Random(rows * width, 48, 8f), positive = x.Select(v => Math.Abs(v) + 0.01f).ToArray();
        (string Op, Activation Activation)[] activations =
        [
            ("Relu", Activation.Relu), ("Relu6", Activation.Relu6), ("Elu", Activation.Elu), ("Selu", Activation.Selu),
            ("Sigmoid", Activation.Sigmoid), ("Tanh", Activation.Tanh), ("Softplus", Activation.Softplus),
        ];
        var graph = new GraphDefBuilder().Placeholder("x", rows, width).Placeholder("positive", rows, width);
        foreach (var (op, _) in activations) graph.Op(op, op, ["x"]);
        graph.Op("LeakyRelu", "LeakyRelu", ["x"], ("alpha", Float(0.3f)))
             .Op("Softmax", "Softmax", ["x"]).Op("LogSoftmax", "LogSoftmax", ["x"]).Op("Exp", "Exp", ["x"]).Op("Log", "Log", ["positive"]);

        var outputs = TfjsOracle.Run(graph.ToBytes(), Feed(("x", OracleTensor.Float(x, rows, width)), ("positive", OracleTensor.Float(positive, rows, width))),
            [.. activations.Select(a => a.Op), "LeakyRelu", "Softmax", "LogSoftmax", "Exp", "Log"]);

        var y = new float[x.Length];
        foreach (var (op, activation) in activations.Append(("LeakyRelu", Activation.LeakyRelu(0.3f))))
        {
            Activations.Apply(activation, x, y);
            Tolerance.AssertClose(outputs[op].Values, y, op);
        }
        Softmax.Apply(x, width, y);
        Tolerance.AssertClose(outputs["Softmax"].Values, y, "Softmax");
        Softmax.ApplyLog(x, width, y);
        Tolerance.AssertClose(outputs["LogSoftmax"].Values, y, "LogSoftmax");
        Activations.Exp(x, y);
        Tolerance.AssertClose(outputs["Exp"].Values, y, "Exp");
        Activations.Log(positive, y);
        Tolerance.AssertClose(outputs["Log"].Values, y, "Log");
    }

    private static float[] Filter(ConvCase cc, int c, int o) => Tolerance.Random(cc.Filter * cc.Filter * c * o, cc.Name.Length * 100 + cc.Filter);

    private static ConvGeometry Geometry(ConvCase cc, int h, int w) =>
        cc.Pads.Length > 0
            ? ConvGeometry.Create(h, w, cc.Filter, cc.Filter, cc.Stride, cc.Stride, Padding.Explicit, cc.Dilation, cc.Dilation, cc.Pads[0], cc.Pads[1], cc.Pads[2], cc.Pads[3])
            : ConvGeometry.Create(h, w, cc.Filter, cc.Filter, cc.Stride, cc.Stride, Enum.Parse<Padding>(cc.Padding, ignoreCase: true), cc.Dilation, cc.Dilation);

    private static float[] Convolve(ConvCase cc, float[] x, int batch, int c, int o, ConvGeometry geometry, ReadOnlySpan<float> bias, Activation activation)
    {
        var output = new float[batch * geometry.OutputPixels * o];
        Conv2D.Run(x, batch, c, geometry, Conv2D.PackFilter(Filter(cc, c, o), cc.Filter, cc.Filter, c, o), output,
            new float[Conv2D.ScratchLength(geometry, c)], bias, activation);
        return output;
    }

    private static float[] Transpose(float[] m, int rows, int columns)
    {
        var t = new float[m.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                t[j * rows + i] = m[i * columns + j];
        return t;
    }
}
