using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// Every fixture with a keras_metadata.pb, through its generated ServingDefault, against the Keras
/// route of the oracle (tfjs-layers rebuilt from the model config, weights as LevelDB lists them).
/// The LSTM fixture compiles only with While/StatelessWhile and TensorList (the loops and tensorlist work).
/// </summary>
public class KerasFixtureTests
{
    private const int Batch = 2;

    public static TheoryData<string> KerasFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var metadata in Directory.EnumerateFiles(FixturePaths.Get(""), "keras_metadata.pb", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(FixturePaths.Get(""), Path.GetDirectoryName(metadata)!));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KerasFixtures))]
    public void Serving_default_equals_tensorflow_by_the_keras_route(string fixture)
    {
        var folder = FixturePaths.Get(fixture);
        // A signature the compiler cannot take is left out of the class with a diagnostic saying why: that is the failure to show.
        var diagnostics = CompiledModel.Diagnose(folder, outputs: "");
        Assert.True(diagnostics.All(d => !d.Code.StartsWith("CG104", StringComparison.Ordinal)), string.Join("\n", diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        using var model = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var shape = model.Program.Parameters.Single().Dims.Select(d => d == PlanValue.Batch ? Batch : (int)d).ToArray();
        var x = Close.Random(shape.Aggregate(1, (p, d) => p * d), 31);

        var actual = model.Run(Batch, x)[0];

        var tabledump = TableDump.TryGetPath(out var problem);
        Assert.True(tabledump is not null, "The Keras route reads the index with LevelDB: " + problem);
        var expected = TfjsOracle.RunKeras(folder, tabledump!, OracleTensor.Float(x, shape));
        Close.Assert(expected.Values, actual, fixture);
    }
}
