using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// LeNet-5 on 28×28×1 (NHWC): conv 5×5×6 VALID + ReLU, max-pool 2, conv 5×5×16 VALID + ReLU,
/// max-pool 2, dense 256-120-84-10 (ReLU, ReLU, none), written by hand with the kernels as
/// generated code will be: filters and weights packed once, every buffer planned once.
/// </summary>
internal sealed class LeNetModel
{
    private static readonly ConvGeometry Conv1 = ConvGeometry.Create(28, 28, 5, 5, 1, 1, Padding.Valid);
    private static readonly ConvGeometry Pool1 = ConvGeometry.Create(24, 24, 2, 2, 2, 2, Padding.Valid);
    private static readonly ConvGeometry Conv2 = ConvGeometry.Create(12, 12, 5, 5, 1, 1, Padding.Valid);
    private static readonly ConvGeometry Pool2 = ConvGeometry.Create(8, 8, 2, 2, 2, 2, Padding.Valid);

    private readonly LeNetWeights w;
    private readonly PackedMatrix conv1, conv2, fc1, fc2, fc3;
    private readonly float[] scratch, c1, p1, c2, p2, f1, f2;

    public LeNetModel(LeNetWeights weights, int maxBatch)
    {
        w = weights;
        conv1 = Conv2D.PackFilter(w.Conv1, 5, 5, 1, 6);
        conv2 = Conv2D.PackFilter(w.Conv2, 5, 5, 6, 16);
        fc1 = PackedMatrix.Pack(w.Fc1, 256, 120);
        fc2 = PackedMatrix.Pack(w.Fc2, 120, 84);
        fc3 = PackedMatrix.Pack(w.Fc3, 84, 10);
        scratch = new float[Math.Max(Conv2D.ScratchLength(Conv1, 1), Conv2D.ScratchLength(Conv2, 6))];
        c1 = new float[maxBatch * 24 * 24 * 6];
        p1 = new float[maxBatch * 12 * 12 * 6];
        c2 = new float[maxBatch * 8 * 8 * 16];
        p2 = new float[maxBatch * 256];
        f1 = new float[maxBatch * 120];
        f2 = new float[maxBatch * 84];
    }

    public void Run(ReadOnlySpan<float> x, int batch, Span<float> y)
    {
        Conv2D.Run(x, batch, 1, Conv1, conv1, c1, scratch, w.Conv1Bias, Activation.Relu);
        Pool2D.Max(c1, batch, 6, Pool1, p1);
        Conv2D.Run(p1, batch, 6, Conv2, conv2, c2, scratch, w.Conv2Bias, Activation.Relu);
        Pool2D.Max(c2, batch, 16, Pool2, p2);
        Gemm.Multiply(p2, batch, fc1, f1, w.Fc1Bias, Activation.Relu);
        Gemm.Multiply(f1, batch, fc2, f2, w.Fc2Bias, Activation.Relu);
        Gemm.Multiply(f2, batch, fc3, y, w.Fc3Bias);
    }
}

/// <summary>LeNet's weights in TensorFlow's layouts: filters HWIO, dense kernels [in, out], flatten in (h, w, c) order.</summary>
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

    private static float[] HwioToOihw(float[] hwio, int h, int w, int i, int o)
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
