using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>The default <c>--keep Model</c>: every model weight copied bit for bit, every optimizer slot and counter gone.</summary>
public sealed class ModelWeightsTests
{
    private const string ObjectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    [Theory]
    [InlineData("tfx-taxi-estimator-2shard/model.ckpt-10000")]
    [InlineData("tfx-keras-savedmodel")]
    public void Model_weights_are_kept_bit_for_bit_and_slots_dropped(string fixture)
    {
        using var folder = new TempFolder();
        using var source = Checkpoint.Open(FixturePaths.Get(fixture));
        var model = source.Variables.Where(v => v.Kind is VariableKind.Trainable or VariableKind.Model).ToList();
        var slots = source.Variables.Where(v => v.Kind == VariableKind.Optimizer).ToList();
        // A TF2 checkpoint also keeps its object graph, rewritten (see ObjectGraphTests).
        var objectGraph = source.Variables.Where(v => v.Name == ObjectGraphKey).ToList();

        var (run, prefix) = PruneTestRun.Succeeding(folder, fixture, "pruned", "--json");

        using var pruned = Checkpoint.Open(prefix);
        Assert.Equal(model.Concat(objectGraph).Select(v => v.Name).Order(StringComparer.Ordinal), pruned.Variables.Select(v => v.Name));
        foreach (var weight in model)
        {
            var copy = pruned.GetVariable(weight.Name);
            Assert.Equal(weight.Crc32C, copy.Crc32C);
            Assert.Equal(Bytes(source, weight), Bytes(pruned, copy));
        }
        Assert.NotEmpty(slots);
        Assert.DoesNotContain(pruned.Variables, v => slots.Any(s => s.Name == v.Name));
        using var json = run.Json();
        Assert.Equal(
            source.Variables.Except(model).Except(objectGraph).Select(v => v.Name),
            json.RootElement.GetProperty("dropped").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(model.Count + objectGraph.Count, json.RootElement.GetProperty("variables").GetArrayLength());
    }

    [Fact]
    public void Trainable_keeps_only_what_the_graph_trains()
    {
        using var folder = new TempFolder();
        using var source = Checkpoint.Open(FixturePaths.Get("tfx-keras-savedmodel"));

        var (_, prefix) = PruneTestRun.Succeeding(folder, "tfx-keras-savedmodel", "trainable", "--keep", "trainable");

        using var pruned = Checkpoint.Open(prefix);
        Assert.Equal(source.Variables.Where(v => v.Kind == VariableKind.Trainable).Select(v => v.Name).Append(ObjectGraphKey).Order(StringComparer.Ordinal), pruned.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Globs_select_as_in_the_build()
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-2shard/model.ckpt-10000", "dnn", "--include", "dnn/**", "--exclude", "**/bias");

        using var pruned = Checkpoint.Open(prefix);
        Assert.Equal(
            new[] { "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_1/kernel", "dnn/hiddenlayer_2/kernel", "dnn/hiddenlayer_3/kernel", "dnn/logits/kernel" },
            pruned.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Renamed_variables_keep_their_bytes()
    {
        using var folder = new TempFolder();
        using var source = Checkpoint.Open(Fixtures.EstimatorPrefix);

        var (run, prefix) = PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-5steps/model.ckpt-10000", "renamed",
            "--rename", "dnn/=tower/dnn/", "--rename", "linear/linear_model/bias_weights=bias");

        using var pruned = Checkpoint.Open(prefix);
        Assert.Equal(source.ReadBytes("dnn/logits/kernel"), pruned.ReadBytes("tower/dnn/logits/kernel"));
        Assert.Equal(source.ReadBytes("linear/linear_model/bias_weights"), pruned.ReadBytes("bias"));
        Assert.DoesNotContain("dnn/logits/kernel", pruned.Variables.Select(v => v.Name));
        // The rewritten meta graph's Saver still says which graph variable each new key restores.
        Assert.Equal("dnn/logits/kernel", pruned.GetVariable("tower/dnn/logits/kernel").VariableName);
        Assert.Contains("Renamed dnn/logits/kernel -> tower/dnn/logits/kernel", run.Out);
    }

    private static byte[] Bytes(Checkpoint checkpoint, CheckpointVariable variable) =>
        variable.DataType == TensorDataType.String
            ? checkpoint.ReadStrings(variable.Name).SelectMany(s => s).ToArray()
            : checkpoint.ReadBytes(variable.Name);
}
