using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Keras;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// Keras' recurrent layers in synthetic Keras SavedModels shaped as tf.keras 2 saves them (GRU both
/// ways, SimpleRNN, stacked sequences, Bidirectional, masks from Embedding and Masking): the
/// generated ServingDefault equals TensorFlow.js by the graph route and, where tfjs-layers has the
/// layer, by the Keras route.
/// </summary>
public sealed class KerasRecurrentTests : IDisposable
{
    private const int Batch = 3;
    private const int Steps = 6;

    private readonly string _folder = Directory.CreateTempSubdirectory("cg-keras-rnn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every model; tfjs-layers' GRU has no reset_after, so those models go by the graph route only.</summary>
    public static TheoryData<string> Models => new()
    {
        "gru-reset-after", "gru-reset-before", "simple-rnn", "stacked-sequences", "go-backwards", "bidirectional-lstm", "bidirectional-lstm-sequences",
        "bidirectional-gru", "bidirectional-gru-reset-before", "embedding-mask-lstm", "masking-gru", "masking-gru-reset-before",
    };

    public static TheoryData<string> KerasRouteModels => new()
    {
        "gru-reset-before", "simple-rnn", "stacked-sequences-reset-before", "go-backwards", "bidirectional-lstm", "bidirectional-lstm-sequences",
        "bidirectional-gru-reset-before", "embedding-mask-lstm", "masking-gru-reset-before",
    };

    /// <summary>The models; masked ones take right-padded rows (the last <paramref name="padding"/> steps zero).</summary>
    internal static (KerasModelBuilder Model, Func<int, float[]> Input) Build(string name, int steps = Steps, int padding = 2)
    {
        KerasModelBuilder m;
        switch (name)
        {
            case "gru-reset-after":
            case "gru-reset-before":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 11);
                m.Gru(5, resetAfter: name.EndsWith("after", StringComparison.Ordinal));
                m.Dense(2);
                break;
            case "simple-rnn":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 12);
                m.SimpleRnn(4);
                m.Dense(2, "sigmoid");
                break;
            case "stacked-sequences":
            case "stacked-sequences-reset-before":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 13);
                m.Lstm(6, returnSequences: true);
                m.Gru(5, resetAfter: !name.EndsWith("before", StringComparison.Ordinal), returnSequences: true);
                m.Lstm(4);
                m.Dense(1);
                break;
            case "go-backwards":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 14);
                m.Lstm(4, goBackwards: true, returnSequences: true);
                m.SimpleRnn(3, goBackwards: true);
                break;
            case "bidirectional-lstm":
            case "bidirectional-lstm-sequences":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 15);
                m.Bidirectional(gru: false, 4, returnSequences: name.EndsWith("sequences", StringComparison.Ordinal));
                if (name.EndsWith("sequences", StringComparison.Ordinal))
                {
                    m.Lstm(3);
                }
                m.Dense(2);
                break;
            case "bidirectional-gru":
            case "bidirectional-gru-reset-before":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 16);
                m.Bidirectional(gru: true, 4, resetAfter: name == "bidirectional-gru");
                m.Dense(2);
                break;
            case "embedding-mask-lstm":
                m = new KerasModelBuilder("tokens", [steps], seed: 17);
                m.MaskedEmbedding(10, 3);
                m.Lstm(4);
                m.Dense(2);
                // Ids 1..9, the last `padding` steps of every row 0 (masked).
                return (m, batch => Close.Random(batch * steps, 18).Select((v, i) => i % steps >= steps - padding ? 0f : 1 + MathF.Floor((v + 1) * 4.4f)).ToArray());
            case "masking-gru":
            case "masking-gru-reset-before":
                m = new KerasModelBuilder("sequence", [steps, 3], seed: 19);
                m.Masking();
                m.Gru(4, resetAfter: name == "masking-gru");
                m.Dense(2);
                return (m, batch => Close.Random(batch * steps * 3, 20).Select((v, i) => i / 3 % steps >= steps - padding ? 0f : v).ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
        var count = m.InputShape.Aggregate(1, (p, d) => p * (int)d);
        return (m, batch => Close.Random(batch * count, name.Length));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Serving_default_equals_tensorflow_by_the_graph_route(string name)
    {
        var (model, input, actual) = Predict(name);

        var inputs = new Dictionary<string, OracleTensor> { ["serving_default_" + model.Input] = OracleTensor.Float(input, [Batch, .. model.InputShape.Select(d => (int)d)]) };
        var variables = model.Variables.ToDictionary(v => v.Key, v => (v.Value.Values, v.Value.Shape));
        var expected = TfjsOracle.RunSavedModel(Path.Combine(_folder, "saved_model.pb"), variables, inputs, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        Assert.Equal([Batch, .. model.OutputShape.Select(d => (int)d)], expected.Shape);
        Close.Assert(expected.Values, actual, name);
    }

    [Theory]
    [MemberData(nameof(KerasRouteModels))]
    public void Serving_default_equals_tensorflow_by_the_keras_route(string name)
    {
        var (model, input, actual) = Predict(name);

        var tabledump = TableDump.TryGetPath(out var problem);
        Assert.True(tabledump is not null, "The Keras route reads the index with LevelDB: " + problem);
        var expected = TfjsOracle.RunKeras(_folder, tabledump!, OracleTensor.Float(input, [Batch, .. model.InputShape.Select(d => (int)d)]));

        Assert.Equal([Batch, .. model.OutputShape.Select(d => (int)d)], expected.Shape);
        Close.Assert(expected.Values, actual, name);
    }

    /// <summary>Masked steps keep the state: rows right-padded by two steps give what the same rows without the padding give.</summary>
    [Theory]
    [InlineData("embedding-mask-lstm")]
    [InlineData("masking-gru")]
    [InlineData("masking-gru-reset-before")]
    public void Right_padded_rows_predict_as_the_unpadded_rows(string name)
    {
        var (padded, paddedInput, paddedOutput) = Predict(name);
        var (unpadded, _) = Build(name, steps: Steps - 2, padding: 0);
        var folder = Path.Combine(_folder, "unpadded");
        unpadded.Write(folder);
        using var compiled = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var width = padded.InputShape.Skip(1).Aggregate(1, (p, d) => p * (int)d);
        var rows = Enumerable.Range(0, Batch).SelectMany(b => paddedInput.Skip(b * Steps * width).Take((Steps - 2) * width)).ToArray();

        var actual = compiled.Run(Batch, rows)[0];

        Close.Assert(actual, paddedOutput, name);
        Assert.Contains(paddedInput, v => v == 0f);
    }

    private (KerasModelBuilder Model, float[] Input, float[] Actual) Predict(string name)
    {
        var (model, input) = Build(name);
        model.Write(_folder);
        // A signature the compiler cannot take is left out of the class with a diagnostic saying why: that is the failure to show.
        var diagnostics = CompiledModel.Diagnose(_folder, outputs: "");
        Assert.True(diagnostics.All(d => !d.Code.StartsWith("CG104", StringComparison.Ordinal) && !d.Code.StartsWith("CG105", StringComparison.Ordinal)), string.Join("\n", diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");
        var x = input(Batch);
        return (model, x, compiled.Run(Batch, x)[0]);
    }
}
