using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;
using CheckpointGen.Tool.Tests.Npy;

namespace CheckpointGen.Tool.Tests.Predict;

/// <summary><c>predict</c> on the Keras LSTM SavedModel (a StatelessWhile over TensorLists in its serving function) equals TensorFlow.js on the same graph.</summary>
public sealed class PredictKerasLstmTests : IDisposable
{
    private static readonly string Lstm = FixturePaths.Get("tfnet-keras-lstm_from_sequential");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_keras_lstm_serving_default_predicts_what_tensorflow_computes()
    {
        const int batch = 2;
        var x = Close.Random(batch * 5 * 3, 81);
        var input = NpyBytes.SaveFloats(Path.Combine(_folder.Path, "x.npy"), x, batch, 5, 3);

        var run = ToolRun.InProcess("predict", Lstm, "--input", "input_1=" + input, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var dense = run.Json().RootElement.GetProperty("outputs").GetProperty("dense");
        Assert.Equal([batch, 1], dense.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var expected = TfjsOracle.RunSavedModel(Path.Combine(Lstm, "saved_model.pb"), Variables(),
            new Dictionary<string, OracleTensor> { ["serving_default_input_1"] = OracleTensor.Float(x, batch, 5, 3) }, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];
        Close.Assert(expected.Values, dense.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "dense");
    }

    private static Dictionary<string, (float[], long[])> Variables()
    {
        using var checkpoint = Checkpoint.Open(Lstm);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(v => v.Name, v => (checkpoint.Read<float>(v.Name), v.Shape.ToArray()));
    }
}
