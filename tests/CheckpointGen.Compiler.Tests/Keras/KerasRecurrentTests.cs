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

    /// <summary>
    /// The models TensorFlow.js runs by the graph route. Those returning sequences from a loop are not among
    /// them: tfjs 4.22's loop disposes tensors its output TensorList still holds, and TensorListStack then
    /// fails ("Cannot read properties of undefined (reading 'backend')"); the Keras route checks them.
    /// </summary>
    public static TheoryData<string> Models => new()
    {
        "gru-reset-after", "gru-reset-before", "simple-rnn", "bidirectional-lstm", "bidirectional-gru", "bidirectional-gru-reset-before",
        "embedding-mask-lstm", "masking-gru", "masking-gru-reset-before",
    };

    /// <summary>The models tfjs-layers rebuilds: its GRU has no reset_after (Keras 2's default), so those take Keras 1's GRU.</summary>
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
                // A step is masked when all its features are 0 (the padding), not when one is (the first step's second feature).
                return (m, batch => Close.Random(batch * steps * 3, 20).Select((v, i) => i / 3 % steps >= steps - padding || (i / 3 % steps == 0 && i % 3 == 1) ? 0f : v).ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
        var count = m.InputShape.Aggregate(1, (p, d) => p * (int)d);
        return (m, batch => Close.Random(batch * count, name.Length));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Serving_default_equals_tensorflow_by_the_graph_route(string name) => Predict(name).AssertGraphRoute(name);

    [Theory]
    [MemberData(nameof(KerasRouteModels))]
    public void Serving_default_equals_tensorflow_by_the_keras_route(string name) => Predict(name).AssertKerasRoute(name);

    /// <summary>A recurrent layer's cell weights (saved under the model's list keys variables/N) are the layer's own; a Bidirectional's are its forward and backward layers'.</summary>
    [Fact]
    public void Accessors_name_recurrent_weights_after_their_layers()
    {
        var model = new KerasModelBuilder("sequence", [Steps, 3], seed: 21);
        model.Gru(4, returnSequences: true);
        model.Bidirectional(gru: false, 3);
        model.Dense(2);
        model.Write(_folder);

        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");

        Assert.Equal(
            [
                "Bidirectional.BackwardLstm.Bias", "Bidirectional.BackwardLstm.Kernel", "Bidirectional.BackwardLstm.RecurrentKernel",
                "Bidirectional.ForwardLstm.Bias", "Bidirectional.ForwardLstm.Kernel", "Bidirectional.ForwardLstm.RecurrentKernel",
                "Dense.Bias", "Dense.Kernel", "Gru.Bias", "Gru.Kernel", "Gru.RecurrentKernel",
            ],
            Accessors(compiled.GeneratedType, string.Empty).Order(StringComparer.Ordinal));
        Assert.Contains(compiled.Plan.Tensors, t => t.Key == "variables/3/.ATTRIBUTES/VARIABLE_VALUE" && t.Shape.SequenceEqual([4L, 12L]));
    }

    /// <summary>Masked steps keep the state: rows right-padded by two steps give what the same rows without the padding give.</summary>
    [Theory]
    [InlineData("embedding-mask-lstm")]
    [InlineData("masking-gru")]
    [InlineData("masking-gru-reset-before")]
    public void Right_padded_rows_predict_as_the_unpadded_rows(string name)
    {
        var padded = Predict(name);
        var (unpadded, _) = Build(name, steps: Steps - 2, padding: 0);
        var folder = Path.Combine(_folder, "unpadded");
        unpadded.Write(folder);
        using var compiled = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var width = padded.Model.InputShape.Skip(1).Aggregate(1, (p, d) => p * (int)d);
        var rows = Enumerable.Range(0, Batch).SelectMany(b => padded.Input.Skip(b * Steps * width).Take((Steps - 2) * width)).ToArray();

        var actual = compiled.Run(Batch, rows)[0];

        Close.Assert(actual, padded.Actual, name);
        Assert.Contains(padded.Input, v => v == 0f);
    }

    private KerasRoutes Predict(string name)
    {
        var (model, input) = Build(name);
        return KerasRoutes.Predict(model, input, _folder, Batch);
    }

    /// <summary>The tensor accessors of a generated class or scope, as dotted paths.</summary>
    private static IEnumerable<string> Accessors(Type type, string prefix) =>
        type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).SelectMany(p =>
            p.PropertyType.Name.EndsWith("_Scope", StringComparison.Ordinal) ? Accessors(p.PropertyType, prefix + p.Name + ".")
            : p.PropertyType.Name.StartsWith("CheckpointTensor", StringComparison.Ordinal) ? [prefix + p.Name] : []);
}
