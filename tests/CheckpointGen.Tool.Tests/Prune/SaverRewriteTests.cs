using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>
/// The .meta written beside a pruned checkpoint: its Saver restores exactly the kept variables
/// under their new keys, and the rest of the graph is as it was.
/// </summary>
public sealed class SaverRewriteTests
{
    [Theory]
    [InlineData("tfx-taxi-estimator-2shard/model.ckpt-10000")]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-10000")]
    [InlineData("tf2onnx-regression/checkpoint/model")]
    public void The_saver_restores_exactly_the_kept_variables(string fixture)
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, fixture, "pruned", "--keep", "Model");

        using var pruned = Checkpoint.Open(prefix);
        var restored = RestoreSimulation.RestoredKeys(Meta(prefix), pruned);
        Assert.Equal(pruned.Variables.Select(v => v.Name).Order(StringComparer.Ordinal), restored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Renames_and_exclusions_reach_save_and_restore()
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, "tf2onnx-regression/checkpoint/model", "renamed", "--rename", "W=weights", "--exclude", "b");

        using var pruned = Checkpoint.Open(prefix);
        var meta = Meta(prefix);
        Assert.Equal(new[] { "weights" }, RestoreSimulation.RestoredKeys(meta, pruned));
        var nodes = meta.GraphDef.Node.ToDictionary(n => n.Name);
        Assert.Equal(new[] { "save/Const", "save/SaveV2/tensor_names", "save/SaveV2/shape_and_slices", "W" }, nodes["save/SaveV2"].Input);
        Assert.Equal(new[] { "^save/Assign" }, nodes["save/restore_all"].Input);
        Assert.False(nodes.ContainsKey("save/Assign_1"));
    }

    [Fact]
    public void Inspect_shows_a_renamed_variable_with_its_graph_variable_and_kind()
    {
        using var folder = new TempFolder();
        var (_, prefix) = PruneTestRun.Succeeding(folder, "tf2onnx-regression/checkpoint/model", "renamed", "--rename", "W=weights");

        var run = ToolRun.InProcess("inspect", prefix, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        var weights = json.RootElement.GetProperty("variables").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "weights");
        Assert.Equal("trainable", weights.GetProperty("kind").GetString());
        Assert.Equal("W", weights.GetProperty("variable").GetString());
    }

    [Fact]
    public void Dropped_shards_keep_an_empty_save_and_lose_their_restore()
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-2shard/model.ckpt-10000", "pruned");

        var nodes = Meta(prefix).GraphDef.Node.ToDictionary(n => n.Name);
        // global_step was shard 0's only variable: its SaveV2 saves nothing, its RestoreV2 and Assign are gone.
        Assert.Empty(nodes["save/SaveV2/tensor_names"].Attr["value"].Tensor.StringVal);
        Assert.False(nodes.ContainsKey("save/RestoreV2"));
        Assert.False(nodes.ContainsKey("save/Assign"));
        Assert.Empty(nodes["save/restore_shard"].Input);
        // Shard 1 saved dnn/hiddenlayer_0/bias from save/Identity_101 and its Adagrad slot from
        // save/Identity_103 <- save/Identity_102 <- save/Read_51: the slot's chain goes with its key.
        Assert.Equal("save/Identity_101", nodes["save/SaveV2_1"].Input[3]);
        Assert.False(nodes.ContainsKey("save/Identity_103"));
        Assert.False(nodes.ContainsKey("save/Identity_102"));
        Assert.False(nodes.ContainsKey("save/Read_51/ReadVariableOp"));
        Assert.True(nodes.ContainsKey("save/Identity_100"));
    }

    [Fact]
    public void Nodes_outside_the_saver_are_unchanged()
    {
        using var folder = new TempFolder();
        var fixture = "tfx-taxi-estimator-2shard/model.ckpt-10000";

        var (_, prefix) = PruneTestRun.Succeeding(folder, fixture, "pruned");

        var original = MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(FixturePaths.Get(fixture) + ".meta"));
        var rewritten = Meta(prefix);
        Assert.Equal(original.SaverDef, rewritten.SaverDef);
        Assert.Equal(original.CollectionDef, rewritten.CollectionDef);
        Assert.Equal(
            original.GraphDef.Node.Where(n => !n.Name.StartsWith("save/", StringComparison.Ordinal)),
            rewritten.GraphDef.Node.Where(n => !n.Name.StartsWith("save/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("tfx-keras-savedmodel", "runs inside a function")]
    [InlineData("serving-session_bundle_half_plus_two/00000123", "V1 format")]
    public void Graphs_without_a_v2_saver_get_no_meta_and_a_warning(string fixture, string reason)
    {
        using var folder = new TempFolder();

        var (run, prefix) = PruneTestRun.Succeeding(folder, fixture, "pruned");

        Assert.False(File.Exists(prefix + ".meta"));
        var warning = Assert.Single(run.ErrorLines);
        Assert.StartsWith("warning: no pruned.meta written: ", warning);
        Assert.Contains(reason, warning);
        Assert.True(Checkpoint.Open(prefix).Variables.Count > 0);
    }

    private static MetaGraphDef Meta(string prefix) => MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(prefix + ".meta"));
}
