using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Latest;

/// <summary><c>latest DIR</c>: tf.train.latest_checkpoint.</summary>
public sealed class LatestCommandTests
{
    [Fact]
    public void Prints_the_prefix_the_state_file_names()
    {
        var run = ToolRun.InProcess("latest", FixturePaths.Get("tfx-taxi-estimator-5steps"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(Fixtures.EstimatorPrefix + Environment.NewLine, run.Out);
    }

    [Fact]
    public void A_folder_without_a_state_file_has_no_latest_checkpoint()
    {
        var run = ToolRun.InProcess("latest", FixturePaths.Get("lingvo-lenet-indexonly"));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("'checkpoint'", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void A_state_file_naming_a_missing_checkpoint_has_no_latest_checkpoint()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "checkpoint"), "model_checkpoint_path: \"model.ckpt-5\"\n");

        var run = ToolRun.InProcess("latest", folder.Path);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public void A_missing_folder_is_not_found()
    {
        var run = ToolRun.InProcess("latest", FixturePaths.Get("no-such-folder"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("no-such-folder", Assert.Single(run.ErrorLines));
    }
}
