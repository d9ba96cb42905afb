using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// The Keras LSTM fixture (LSTM(32) → Dense(1, sigmoid) over 5 steps of 3 features, TF 2.12): its
/// serving signature runs Keras' standard_lstm, a StatelessWhile over TensorLists, as one C# loop.
/// </summary>
public class KerasLstmFixtureTests
{
    private const string Fixture = "tfnet-keras-lstm_from_sequential";

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Serving_default_predicts_as_tensorflow_through_the_graph(int batch)
    {
        var folder = FixturePaths.Get(Fixture);
        using var model = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var x = Close.Random(batch * 5 * 3, 70 + batch);

        var actual = model.Run(batch, x)[0];

        var expected = TfjsOracle.RunSavedModel(Path.Combine(folder, "saved_model.pb"), Variables(folder),
            new Dictionary<string, OracleTensor> { ["serving_default_input_1"] = OracleTensor.Float(x, batch, 5, 3) }, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];
        Assert.Equal(new[] { batch, 1 }, expected.Shape);
        Close.Assert(expected.Values, actual, "dense");
    }

    private static Dictionary<string, (float[], long[])> Variables(string folder)
    {
        using var checkpoint = Checkpoint.Open(folder);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(v => v.Name, v => (checkpoint.Read<float>(v.Name), v.Shape.ToArray()));
    }
}
