using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A 784-512-512-10 ReLU MLP written by hand with the kernels, as generated inference code will
/// be: weights packed once, intermediate buffers planned once for the largest batch, one fused
/// GEMM + bias + activation per layer.
/// </summary>
internal sealed class MlpModel
{
    public static readonly int[] Widths = [784, 512, 512, 10];

    private readonly PackedMatrix[] weights;
    private readonly float[][] biases;
    private readonly float[] hidden1, hidden2;

    public MlpModel(MlpWeights source, int maxBatch)
    {
        weights = new PackedMatrix[3];
        for (int l = 0; l < 3; l++) weights[l] = PackedMatrix.Pack(source.Kernels[l], Widths[l], Widths[l + 1]);
        biases = source.Biases;
        hidden1 = new float[maxBatch * Widths[1]];
        hidden2 = new float[maxBatch * Widths[2]];
    }

    public void Run(ReadOnlySpan<float> x, int batch, Span<float> y)
    {
        Gemm.Multiply(x, batch, weights[0], hidden1, biases[0], Activation.Relu);
        Gemm.Multiply(hidden1, batch, weights[1], hidden2, biases[1], Activation.Relu);
        Gemm.Multiply(hidden2, batch, weights[2], y, biases[2]);
    }
}

/// <summary>The MLP's weights: kernels [in, out] row-major as TensorFlow stores Dense kernels, biases [out].</summary>
internal sealed class MlpWeights
{
    public MlpWeights(int seed)
    {
        var random = new Random(seed);
        Kernels = new float[3][];
        Biases = new float[3][];
        for (int l = 0; l < 3; l++)
        {
            int fanIn = MlpModel.Widths[l], fanOut = MlpModel.Widths[l + 1];
            float scale = MathF.Sqrt(6f / (fanIn + fanOut));
            Kernels[l] = Uniform(random, fanIn * fanOut, scale);
            Biases[l] = Uniform(random, fanOut, 0.1f);
        }
    }

    public float[][] Kernels { get; }

    public float[][] Biases { get; }

    public static float[] Uniform(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    public byte[] ToOnnx()
    {
        var builder = new OnnxModelBuilder().Input("x", null, MlpModel.Widths[0]).Output("y", null, MlpModel.Widths[3]);
        string current = "x";
        for (int l = 0; l < 3; l++)
        {
            builder.Initializer($"w{l}", Kernels[l], MlpModel.Widths[l], MlpModel.Widths[l + 1])
                   .Initializer($"b{l}", Biases[l], MlpModel.Widths[l + 1]);
            string gemm = l == 2 ? "y" : $"gemm{l}";
            builder.Node("Gemm", [current, $"w{l}", $"b{l}"], gemm);
            if (l < 2)
            {
                builder.Node("Relu", [gemm], $"relu{l}");
                gemm = $"relu{l}";
            }
            current = gemm;
        }
        return builder.ToBytes();
    }
}
