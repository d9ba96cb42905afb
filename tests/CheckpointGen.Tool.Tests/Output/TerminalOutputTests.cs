using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Output;

/// <summary>What a person at a terminal sees: a drawn table and a progress bar, with the same facts as plain text.</summary>
public sealed class TerminalOutputTests
{
    private static readonly string Regression = FixturePaths.Get("tf2onnx-regression/checkpoint/model");

    [Fact]
    public void Listing_is_a_table_with_a_caption()
    {
        var run = ToolRun.InTerminal("inspect", Regression);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"│ W +│ float32 +│ \[\] +│ +4 │ \w+ +│", run.Out);
        Assert.Contains("2 tensors, 8 bytes", run.Out);
        Assert.DoesNotContain("NAME  DTYPE", run.Out);
    }

    [Fact]
    public void Verify_draws_progress_then_reports()
    {
        var run = ToolRun.InTerminal("verify", Fixtures.EstimatorPrefix);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("OK: 59 tensors, 126212 bytes in 2 files verified", run.Out);
    }

    [Fact]
    public void Long_commands_draw_progress_then_report()
    {
        using var folder = new TempFolder();
        var pruned = Path.Combine(folder.Path, "pruned");
        var frozen = Path.Combine(folder.Path, "frozen.pb");

        var prune = ToolRun.InTerminal("prune", Fixtures.EstimatorPrefix, pruned);
        var freeze = ToolRun.InTerminal("freeze", Regression, "--outputs", "pred", "-o", frozen);
        var diff = ToolRun.InTerminal("diff", Fixtures.EstimatorPrefix, pruned);

        Assert.True(prune.ExitCode == ExitCodes.Success, prune.ToString());
        Assert.Contains($"Wrote {pruned}: ", prune.Out);
        Assert.True(freeze.ExitCode == ExitCodes.Success, freeze.ToString());
        Assert.Contains($"Wrote {frozen}: 8 nodes", freeze.Out);
        Assert.Equal(ExitCodes.Failed, diff.ExitCode);
        Assert.Matches(@"│ removed +│ global_step +│ int64 +│ \[\] +│", diff.Out);
    }

    [Fact]
    public void Json_is_never_decorated()
    {
        var run = ToolRun.InTerminal("inspect", Regression, "--json");

        using var json = run.Json();
        Assert.Equal(2, json.RootElement.GetProperty("variables").GetArrayLength());
    }
}
