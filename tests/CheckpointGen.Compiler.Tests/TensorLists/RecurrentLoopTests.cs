using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// Keras-shaped LSTM and GRU loops (<see cref="RecurrentGraphs"/>: a StatelessWhile over TensorLists)
/// compiled and run through the generated method, against TensorFlow.js running the same graph's loop.
/// </summary>
public class RecurrentLoopTests
{
    private const int Steps = 6, Features = 4, Units = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void An_lstm_loop_equals_tensorflow(int batch)
    {
        var graph = RecurrentGraphs.Lstm(Steps, Features, Units, Close.Random(Features * 4 * Units, 101), Close.Random(Units * 4 * Units, 102), Close.Random(4 * Units, 103));

        var program = Check(graph, batch, 104);

        // One list write per step, in place: the carried list is never copied inside the loop.
        Assert.Single(program.Steps, s => s.Kernel == ProgramKernels.ListSetItem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_gru_loop_with_reset_after_equals_tensorflow(int batch)
    {
        var graph = RecurrentGraphs.Gru(Steps, Features, Units, Close.Random(Features * 3 * Units, 111), Close.Random(Units * 3 * Units, 112), Close.Random(2 * 3 * Units, 113));

        Check(graph, batch, 114);
    }

    private static PlanProgram Check(byte[] graph, int batch, int seed)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-recurrent-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph);
        using var model = CompiledModel.Build(path, "y", "x");
        var x = Close.Random(batch * Steps * Features, seed);

        var actual = model.Run(batch, x)[0];

        var expected = TfjsOracle.Run(graph, new Dictionary<string, OracleTensor> { ["x"] = OracleTensor.Float(x, batch, Steps, Features) }, "y")["y"];
        Assert.Equal(new[] { batch, Units }, expected.Shape);
        Close.Assert(expected.Values, actual, "y");
        return model.Program;
    }
}
