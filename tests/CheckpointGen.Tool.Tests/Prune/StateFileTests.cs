using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>The <c>checkpoint</c> state file after a prune: the new prefix is the latest, as after a Saver save.</summary>
public sealed class StateFileTests
{
    [Fact]
    public void A_new_folder_gets_a_state_file_naming_the_prefix()
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, "tf2onnx-regression/checkpoint/model", "model.ckpt-1");

        var state = CheckpointStateFile.Read(folder.Path);
        Assert.Equal("model.ckpt-1", state.ModelCheckpointPath);
        Assert.Equal(new[] { "model.ckpt-1" }, state.AllModelCheckpointPaths);
        Assert.Single(state.AllModelCheckpointTimestamps);
        Assert.Equal(prefix, CheckpointLocator.LatestCheckpoint(folder.Path));
    }

    [Fact]
    public void An_existing_state_file_gets_the_prefix_appended_as_latest()
    {
        using var folder = new TempFolder();
        File.Copy(FixturePaths.Get("tfx-taxi-estimator-5steps/checkpoint"), Path.Combine(folder.Path, "checkpoint"));
        var before = CheckpointStateFile.Read(folder.Path);

        PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-5steps/model.ckpt-10000", "model.ckpt-pruned");

        var after = CheckpointStateFile.Read(folder.Path);
        Assert.Equal("model.ckpt-pruned", after.ModelCheckpointPath);
        Assert.Equal(before.AllModelCheckpointPaths.Append("model.ckpt-pruned"), after.AllModelCheckpointPaths);
        Assert.Equal(before.AllModelCheckpointTimestamps.Count == before.AllModelCheckpointPaths.Count ? before.AllModelCheckpointTimestamps.Count + 1 : before.AllModelCheckpointTimestamps.Count, after.AllModelCheckpointTimestamps.Count);
        var latest = ToolRun.InProcess("latest", folder.Path);
        Assert.Equal(Path.Combine(folder.Path, "model.ckpt-pruned") + "\n", latest.Out);
    }

    [Fact]
    public void Pruning_in_place_replaces_the_checkpoint_and_lists_it_once()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(Fixtures.EstimatorPrefix, folder);
        using var source = Checkpoint.Open(Fixtures.EstimatorPrefix);
        var model = source.Variables.Where(v => v.Kind is VariableKind.Trainable or VariableKind.Model).Select(v => v.Name).ToList();

        var run = ToolRun.InProcess("prune", prefix, prefix);
        var again = ToolRun.InProcess("prune", prefix, prefix);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        using var pruned = Checkpoint.Open(prefix);
        Assert.Equal(model, pruned.Variables.Select(v => v.Name));
        Assert.Empty(pruned.VerifyAll());
        Assert.Equal(new[] { "model.ckpt-10000" }, CheckpointStateFile.Read(folder.Path).AllModelCheckpointPaths);
    }

    [Fact]
    public void A_corrupt_state_file_stops_the_prune_before_anything_is_written()
    {
        using var folder = new TempFolder();
        var state = Path.Combine(folder.Path, "checkpoint");
        File.WriteAllText(state, "model_checkpoint_path: \"unterminated\n");

        var run = ToolRun.InProcess("prune", FixturePaths.Get("tf2onnx-regression/checkpoint/model"), Path.Combine(folder.Path, "out"));

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        Assert.Contains("checkpoint", Assert.Single(run.ErrorLines));
        Assert.Equal(new[] { state }, Directory.GetFiles(folder.Path));
    }
}
