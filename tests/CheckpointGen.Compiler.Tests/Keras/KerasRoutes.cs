using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Keras;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// A synthetic Keras model written to a folder, its generated ServingDefault run on a batch, and what
/// TensorFlow.js computes for the same batch by each oracle route: the graph route (the oracle's own
/// inliner, then the graph ops) and the Keras route (tfjs-layers rebuilt from keras_metadata.pb with
/// the weights LevelDB lists).
/// </summary>
internal sealed record KerasRoutes(KerasModelBuilder Model, string Folder, float[] Input, int Batch, float[] Actual)
{
    /// <summary>Writes <paramref name="model"/> into <paramref name="folder"/> and runs its ServingDefault; a signature left out of the class fails with the diagnostic saying why.</summary>
    public static KerasRoutes Predict(KerasModelBuilder model, Func<int, float[]> input, string folder, int batch)
    {
        model.Write(folder);
        var diagnostics = CompiledModel.Diagnose(folder, outputs: "");
        Xunit.Assert.True(diagnostics.All(d => !d.Code.StartsWith("CG104", StringComparison.Ordinal) && !d.Code.StartsWith("CG105", StringComparison.Ordinal)),
            string.Join("\n", diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        using var compiled = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var x = input(batch);
        return new KerasRoutes(model, folder, x, batch, compiled.Run(batch, x)[0]);
    }

    private int[] InputShape => [Batch, .. Model.InputShape.Select(d => (int)d)];

    /// <summary>Asserts the generated output equals the graph route's.</summary>
    public void AssertGraphRoute(string what)
    {
        var inputs = new Dictionary<string, OracleTensor> { ["serving_default_" + Model.Input] = OracleTensor.Float(Input, InputShape) };
        var variables = Model.Variables.ToDictionary(v => v.Key, v => (v.Value.Values, v.Value.Shape));
        AssertEqual(TfjsOracle.RunSavedModel(Path.Combine(Folder, "saved_model.pb"), variables, inputs, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"], what);
    }

    /// <summary>Asserts the generated output equals the Keras route's.</summary>
    public void AssertKerasRoute(string what)
    {
        var tabledump = TableDump.TryGetPath(out var problem);
        Xunit.Assert.True(tabledump is not null, "The Keras route reads the index with LevelDB: " + problem);
        AssertEqual(TfjsOracle.RunKeras(Folder, tabledump!, OracleTensor.Float(Input, InputShape)), what);
    }

    private void AssertEqual(OracleTensor expected, string what)
    {
        Xunit.Assert.Equal([Batch, .. Model.OutputShape.Select(d => (int)d)], expected.Shape);
        Close.Assert(expected.Values, Actual, what);
    }
}
