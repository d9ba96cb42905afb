using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>
/// A pruned TF2 checkpoint keeps its object graph, which tf.train.Checkpoint restores by, naming
/// only the keys that are still there.
/// </summary>
public sealed class ObjectGraphTests
{
    private const string Fixture = "tfx-keras-savedmodel";
    private const string ObjectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    [Fact]
    public void The_object_graph_names_exactly_the_kept_keys_and_no_slots()
    {
        using var folder = new TempFolder();
        using var source = Checkpoint.Open(FixturePaths.Get(Fixture));
        var original = ObjectGraph(source);

        var (run, prefix) = PruneTestRun.Succeeding(folder, Fixture, "pruned", "--rename", "layer_with_weights-0/=dense/");

        using var pruned = Checkpoint.Open(prefix);
        var rewritten = ObjectGraph(pruned);
        Assert.Equal(
            pruned.Variables.Select(v => v.Name).Where(n => n != ObjectGraphKey).Order(StringComparer.Ordinal),
            rewritten.Nodes.SelectMany(n => n.Attributes).Select(a => a.CheckpointKey).Order(StringComparer.Ordinal));
        Assert.Contains("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", pruned.Variables.Select(v => v.Name));
        Assert.NotEmpty(original.Nodes.SelectMany(n => n.SlotVariables));
        Assert.Empty(rewritten.Nodes.SelectMany(n => n.SlotVariables));
        Assert.Equal(original.Nodes.Select(n => n.Children), rewritten.Nodes.Select(n => n.Children));
        Assert.Contains($"Rewrote {ObjectGraphKey} to name only the kept variables", run.Out);
    }

    [Fact]
    public void Keep_all_copies_the_object_graph_as_stored()
    {
        using var folder = new TempFolder();
        using var source = Checkpoint.Open(FixturePaths.Get(Fixture));

        var (_, prefix) = PruneTestRun.Succeeding(folder, Fixture, "all", "--keep", "All");

        using var copy = Checkpoint.Open(prefix);
        Assert.Equal(source.GetVariable(ObjectGraphKey).Crc32C, copy.GetVariable(ObjectGraphKey).Crc32C);
    }

    [Fact]
    public void Excluding_the_object_graph_leaves_it_out()
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, Fixture, "bare", "--exclude", ObjectGraphKey);

        using var pruned = Checkpoint.Open(prefix);
        Assert.False(pruned.TryGetVariable(ObjectGraphKey, out _));
        Assert.Equal(6, pruned.Variables.Count);
    }

    private static TrackableObjectGraph ObjectGraph(Checkpoint checkpoint) =>
        TrackableObjectGraph.Parser.ParseFrom(checkpoint.ReadStrings(ObjectGraphKey)[0]);
}
