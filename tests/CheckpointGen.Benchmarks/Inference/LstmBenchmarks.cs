using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Inference.Onnx;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A Keras LSTM layer (standard_lstm's graph: a StatelessWhile over TensorLists, <see cref="RecurrentGraphs"/>),
/// last output only, through the generated code against ONNX Runtime's LSTM op built from the same
/// weights: the fixture's shape (5 steps of 3 features, 32 units) and a larger one (50 × 32 → 128).
/// </summary>
public class LstmBenchmarks : OrtComparison
{
    /// <summary>steps × features → units.</summary>
    [Params("5x3x32", "50x32x128")]
    public string Size { get; set; } = "5x3x32";

    [Params(1)]
    public int Batch { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var dims = Size.Split('x').Select(int.Parse).ToArray();
        int steps = dims[0], features = dims[1], units = dims[2];
        var random = new Random(11);
        float[] kernel = MlpWeights.Uniform(random, features * 4 * units, 0.3f), recurrent = MlpWeights.Uniform(random, units * 4 * units, 0.3f), bias = MlpWeights.Uniform(random, 4 * units, 0.1f);
        var x = MlpWeights.Uniform(random, Batch * steps * features, 1f);
        Start(RecurrentGraphs.Lstm(steps, features, units, kernel, recurrent, bias), Onnx(steps, features, units, kernel, recurrent, bias),
            x, [Batch, steps, features], new float[Batch * units], [1, Batch, units], $"LSTM {Size}: generated code vs ONNX Runtime");
    }

    /// <summary>
    /// ONNX's LSTM with Keras' weights, after a Transpose to time-major (ONNX Runtime's CPU LSTM
    /// takes no batch-first layout): W [1, 4·units, features] and R [1, 4·units, units] with the gates
    /// reordered from Keras' i, f, c, o to ONNX's i, o, f, c; the bias as Wb, Rb zero; the last
    /// hidden state Y_h [1, batch, units] (the same floats as [batch, units]).
    /// </summary>
    private static byte[] Onnx(int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias)
    {
        int[] kerasGate = [0, 3, 1, 2];
        float[] Reorder(float[] keras, int rows)
        {
            var onnx = new float[keras.Length];
            for (int g = 0; g < 4; g++)
                for (int j = 0; j < units; j++)
                    for (int r = 0; r < rows; r++)
                        onnx[((g * units) + j) * rows + r] = keras[r * 4 * units + kerasGate[g] * units + j];
            return onnx;
        }
        var b = new float[8 * units];
        for (int g = 0; g < 4; g++) Array.Copy(bias, kerasGate[g] * units, b, g * units, units);
        return new OnnxModelBuilder().Input("x", null, steps, features).Output("y", 1, null, units)
            .Initializer("W", Reorder(kernel, features), 1, 4 * units, features)
            .Initializer("R", Reorder(recurrent, units), 1, 4 * units, units)
            .Initializer("B", b, 1, 8 * units)
            .Node("Transpose", ["x"], "time_major", OnnxModelBuilder.Ints("perm", 1, 0, 2))
            .Node("LSTM", ["time_major", "W", "R", "B"], ["", "y"], OnnxModelBuilder.Int("hidden_size", units))
            .ToBytes();
    }
}
