using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Inference.Onnx;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A Keras GRU layer with reset_after (standard_gru's graph, <see cref="RecurrentGraphs.Gru"/>), last
/// output only, through the generated code against ONNX Runtime's GRU op (linear_before_reset, Keras'
/// reset_after) built from the same weights, at the size of the larger LSTM (50 × 32 → 128).
/// </summary>
public class GruBenchmarks : OrtComparison
{
    /// <summary>steps × features → units.</summary>
    [Params("50x32x128")]
    public string Size { get; set; } = "50x32x128";

    [Params(1)]
    public int Batch { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var dims = Size.Split('x').Select(int.Parse).ToArray();
        int steps = dims[0], features = dims[1], units = dims[2];
        var random = new Random(13);
        float[] kernel = MlpWeights.Uniform(random, features * 3 * units, 0.3f), recurrent = MlpWeights.Uniform(random, units * 3 * units, 0.3f), bias = MlpWeights.Uniform(random, 2 * 3 * units, 0.1f);
        var x = MlpWeights.Uniform(random, Batch * steps * features, 1f);
        Start(RecurrentGraphs.Gru(steps, features, units, kernel, recurrent, bias), Onnx(steps, features, units, kernel, recurrent, bias),
            x, [Batch, steps, features], new float[Batch * units], [1, Batch, units], $"GRU {Size}: generated code vs ONNX Runtime");
    }

    /// <summary>
    /// ONNX's GRU with Keras' weights, after a Transpose to time-major: W [1, 3·units, features] and
    /// R [1, 3·units, units] transposed from Keras' [in, 3·units] (both order the gates z, r, h), B
    /// [1, 6·units] Keras' input bias then its recurrent bias, linear_before_reset 1 (reset_after).
    /// </summary>
    private static byte[] Onnx(int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias)
    {
        static float[] Transposed(float[] keras, int rows, int columns)
        {
            var onnx = new float[keras.Length];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    onnx[c * rows + r] = keras[r * columns + c];
            return onnx;
        }
        return new OnnxModelBuilder().Input("x", null, steps, features).Output("y", 1, null, units)
            .Initializer("W", Transposed(kernel, features, 3 * units), 1, 3 * units, features)
            .Initializer("R", Transposed(recurrent, units, 3 * units), 1, 3 * units, units)
            .Initializer("B", bias, 1, 6 * units)
            .Node("Transpose", ["x"], "time_major", OnnxModelBuilder.Ints("perm", 1, 0, 2))
            .Node("GRU", ["time_major", "W", "R", "B"], ["", "y"], OnnxModelBuilder.Int("hidden_size", units), OnnxModelBuilder.Int("linear_before_reset", 1))
            .ToBytes();
    }
}
