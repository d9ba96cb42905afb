using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// The 784-512-512-10 ReLU MLP's weights: kernels [in, out] row-major as TensorFlow stores Dense
/// kernels, biases [out]; as a frozen TensorFlow graph for CheckpointGen and as ONNX for ORT.
/// </summary>
internal sealed class MlpWeights
{
    public static readonly int[] Widths = [784, 512, 512, 10];

    public MlpWeights(int seed)
    {
        var random = new Random(seed);
        Kernels = new float[3][];
        Biases = new float[3][];
        for (int l = 0; l < 3; l++)
        {
            int fanIn = Widths[l], fanOut = Widths[l + 1];
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

    /// <summary>A Keras-style frozen graph: MatMul, BiasAdd, Relu per layer; input <c>x</c>, output <c>y</c>.</summary>
    public byte[] ToFrozenGraph()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, Widths[0]);
        string current = "x";
        for (int l = 0; l < 3; l++)
        {
            graph.Const($"w{l}", Kernels[l], Widths[l], Widths[l + 1]).Const($"b{l}", Biases[l], Widths[l + 1])
                 .Op("MatMul", $"matmul{l}", [current, $"w{l}"])
                 .Op("BiasAdd", l == 2 ? "y" : $"dense{l}", [$"matmul{l}", $"b{l}"]);
            if (l < 2) graph.Op("Relu", $"relu{l}", [$"dense{l}"]);
            current = $"relu{l}";
        }
        return graph.ToBytes();
    }

    public byte[] ToOnnx()
    {
        var builder = new OnnxModelBuilder().Input("x", null, Widths[0]).Output("y", null, Widths[3]);
        string current = "x";
        for (int l = 0; l < 3; l++)
        {
            builder.Initializer($"w{l}", Kernels[l], Widths[l], Widths[l + 1])
                   .Initializer($"b{l}", Biases[l], Widths[l + 1]);
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
