using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// LeNet-5 on 28×28×1 (NHWC): conv 5×5×6 VALID + ReLU, max-pool 2, conv 5×5×16 VALID + ReLU,
/// max-pool 2, dense 256-120-84-10 (ReLU, ReLU, none). Weights in TensorFlow's layouts: filters
/// HWIO, dense kernels [in, out], flatten in (h, w, c) order.
/// </summary>
internal sealed class LeNetWeights
{
    public LeNetWeights(int seed)
    {
        var random = new Random(seed);
        Conv1 = MlpWeights.Uniform(random, 5 * 5 * 1 * 6, 0.4f);
        Conv1Bias = MlpWeights.Uniform(random, 6, 0.1f);
        Conv2 = MlpWeights.Uniform(random, 5 * 5 * 6 * 16, 0.15f);
        Conv2Bias = MlpWeights.Uniform(random, 16, 0.1f);
        Fc1 = MlpWeights.Uniform(random, 256 * 120, 0.13f);
        Fc1Bias = MlpWeights.Uniform(random, 120, 0.1f);
        Fc2 = MlpWeights.Uniform(random, 120 * 84, 0.17f);
        Fc2Bias = MlpWeights.Uniform(random, 84, 0.1f);
        Fc3 = MlpWeights.Uniform(random, 84 * 10, 0.25f);
        Fc3Bias = MlpWeights.Uniform(random, 10, 0.1f);
    }

    public float[] Conv1 { get; }
    public float[] Conv1Bias { get; }
    public float[] Conv2 { get; }
    public float[] Conv2Bias { get; }
    public float[] Fc1 { get; }
    public float[] Fc1Bias { get; }
    public float[] Fc2 { get; }
    public float[] Fc2Bias { get; }
    public float[] Fc3 { get; }
    public float[] Fc3Bias { get; }

    /// <summary>The network as a frozen TensorFlow graph; input <c>x</c> [?, 28, 28, 1], output <c>y</c> [?, 10].</summary>
    public byte[] ToFrozenGraph()
    {
        var valid = String("VALID");
        var graph = new GraphDefBuilder().Placeholder("x", -1, 28, 28, 1)
            .Const("conv1", Conv1, 5, 5, 1, 6).Const("conv1_b", Conv1Bias, 6)
            .Const("conv2", Conv2, 5, 5, 6, 16).Const("conv2_b", Conv2Bias, 16)
            .Const("flat_shape", [-1, 256], 2)
            .Const("fc1", Fc1, 256, 120).Const("fc1_b", Fc1Bias, 120)
            .Const("fc2", Fc2, 120, 84).Const("fc2_b", Fc2Bias, 84)
            .Const("fc3", Fc3, 84, 10).Const("fc3_b", Fc3Bias, 10);
        string current = "x";
        foreach (var (layer, filter) in new[] { ("1", "conv1"), ("2", "conv2") })
        {
            graph.Op("Conv2D", "c" + layer, [current, filter], ("strides", Ints(1, 1, 1, 1)), ("padding", valid))
                 .Op("BiasAdd", "cb" + layer, ["c" + layer, filter + "_b"]).Op("Relu", "r" + layer, ["cb" + layer])
                 .Op("MaxPool", "p" + layer, ["r" + layer], ("ksize", Ints(1, 2, 2, 1)), ("strides", Ints(1, 2, 2, 1)), ("padding", valid));
            current = "p" + layer;
        }
        graph.Op("Reshape", "flat", ["p2", "flat_shape"], ("Tshape", Type(CheckpointGen.Protos.DataType.DtInt32)));
        current = "flat";
        foreach (var (layer, relu) in new[] { ("fc1", true), ("fc2", true), ("fc3", false) })
        {
            graph.Op("MatMul", layer + "_m", [current, layer]).Op("BiasAdd", relu ? layer + "_d" : "y", [layer + "_m", layer + "_b"]);
            if (relu) graph.Op("Relu", layer + "_r", [layer + "_d"]);
            current = layer + "_r";
        }
        return graph.ToBytes();
    }

    /// <summary>
    /// The same network for ONNX Runtime in its native NCHW: filters as OIHW, and Fc1's rows
    /// reordered from TensorFlow's (h, w, c) flatten to ONNX's (c, h, w). With one input channel
    /// the NHWC input is already NCHW.
    /// </summary>
    public byte[] ToOnnx()
    {
        var fc1 = new float[Fc1.Length];
        for (int c = 0; c < 16; c++)
            for (int hw = 0; hw < 16; hw++)
                Array.Copy(Fc1, (hw * 16 + c) * 120, fc1, (c * 16 + hw) * 120, 120);
        var pool = new[] { OnnxModelBuilder.Ints("kernel_shape", 2, 2), OnnxModelBuilder.Ints("strides", 2, 2) };
        return new OnnxModelBuilder()
            .Input("x", null, 1, 28, 28).Output("y", null, 10)
            .Initializer("conv1", HwioToOihw(Conv1, 5, 5, 1, 6), 6, 1, 5, 5).Initializer("conv1_b", Conv1Bias, 6)
            .Initializer("conv2", HwioToOihw(Conv2, 5, 5, 6, 16), 16, 6, 5, 5).Initializer("conv2_b", Conv2Bias, 16)
            .Initializer("fc1", fc1, 256, 120).Initializer("fc1_b", Fc1Bias, 120)
            .Initializer("fc2", Fc2, 120, 84).Initializer("fc2_b", Fc2Bias, 84)
            .Initializer("fc3", Fc3, 84, 10).Initializer("fc3_b", Fc3Bias, 10)
            .Node("Conv", ["x", "conv1", "conv1_b"], "c1").Node("Relu", ["c1"], "r1").Node("MaxPool", ["r1"], "p1", pool)
            .Node("Conv", ["p1", "conv2", "conv2_b"], "c2").Node("Relu", ["c2"], "r2").Node("MaxPool", ["r2"], "p2", pool)
            .Node("Flatten", ["p2"], "flat")
            .Node("Gemm", ["flat", "fc1", "fc1_b"], "g1").Node("Relu", ["g1"], "h1")
            .Node("Gemm", ["h1", "fc2", "fc2_b"], "g2").Node("Relu", ["g2"], "h2")
            .Node("Gemm", ["h2", "fc3", "fc3_b"], "y")
            .ToBytes();
    }

    internal static float[] HwioToOihw(float[] hwio, int h, int w, int i, int o)
    {
        var oihw = new float[hwio.Length];
        for (int kh = 0; kh < h; kh++)
            for (int kw = 0; kw < w; kw++)
                for (int ci = 0; ci < i; ci++)
                    for (int co = 0; co < o; co++)
                        oihw[((co * i + ci) * h + kh) * w + kw] = hwio[((kh * w + kw) * i + ci) * o + co];
        return oihw;
    }
}
