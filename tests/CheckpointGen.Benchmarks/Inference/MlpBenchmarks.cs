using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// The 784-512-512-10 ReLU MLP: the generated code against ONNX Runtime built from the same weights, and
/// the plain row-by-row TensorPrimitives loop a user might write (checked against ORT too).
/// </summary>
public class MlpBenchmarks : OrtComparison
{
    private float[][] transposedKernels = null!;
    private MlpWeights weights = null!;
    private float[] x = null!, y = null!, rowHidden1 = null!, rowHidden2 = null!;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        weights = new MlpWeights(seed: 42);
        x = MlpWeights.Uniform(new Random(7), Batch * MlpWeights.Widths[0], 1f);
        y = new float[Batch * MlpWeights.Widths[3]];
        rowHidden1 = new float[MlpWeights.Widths[1]];
        rowHidden2 = new float[MlpWeights.Widths[2]];
        transposedKernels = new float[3][];
        for (int l = 0; l < 3; l++) transposedKernels[l] = Transpose(weights.Kernels[l], MlpWeights.Widths[l], MlpWeights.Widths[l + 1]);
        Start(weights.ToFrozenGraph(), weights.ToOnnx(), x, [Batch, MlpWeights.Widths[0]], y, [Batch, MlpWeights.Widths[3]], "MLP: generated code vs ONNX Runtime");
        var generatedY = (float[])y.Clone();
        Array.Clear(y);
        RowByRowTensorPrimitives();
        InferenceChecks.AssertClose(generatedY, y, "row-by-row loop vs the generated code");
    }

    [Benchmark]
    public void RowByRowTensorPrimitives()
    {
        for (int r = 0; r < Batch; r++)
        {
            Dense(x.AsSpan(r * MlpWeights.Widths[0], MlpWeights.Widths[0]), 0, rowHidden1, relu: true);
            Dense(rowHidden1, 1, rowHidden2, relu: true);
            Dense(rowHidden2, 2, y.AsSpan(r * MlpWeights.Widths[3], MlpWeights.Widths[3]), relu: false);
        }
    }

    private void Dense(ReadOnlySpan<float> input, int layer, Span<float> output, bool relu)
    {
        int n = MlpWeights.Widths[layer + 1], k = MlpWeights.Widths[layer];
        for (int j = 0; j < n; j++)
        {
            float v = TensorPrimitives.Dot(input, transposedKernels[layer].AsSpan(j * k, k)) + weights.Biases[layer][j];
            output[j] = relu ? MathF.Max(v, 0) : v;
        }
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
