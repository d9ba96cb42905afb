using System.Text.Json;

namespace CheckpointGen.Tool.Tests.Process;

/// <summary>The built tool as a real process: stdout holds only the JSON, exit codes reach the shell.</summary>
public sealed class ToolProcessTests
{
    [Fact]
    public void Inspect_json_prints_only_json_on_stdout()
    {
        var run = ToolProcess.Run(null, "inspect", Fixtures.EstimatorPrefix, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(59, json.RootElement.GetProperty("variables").GetArrayLength());
        Assert.EndsWith("}\n", run.Out);
    }

    [Fact]
    public void Errors_reach_the_shell_as_exit_codes_and_one_line()
    {
        var run = ToolProcess.Run(null, "inspect", Path.Combine(Path.GetTempPath(), "no-such-checkpoint-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Single(run.ErrorLines);
    }
}
