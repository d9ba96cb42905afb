using System.Diagnostics;
using System.Text.Json;

namespace CheckpointGen.Tool.Tests.Process;

/// <summary>The built tool as a real process: stdout holds only the JSON, exit codes reach the shell.</summary>
public sealed class ToolProcessTests
{
    [Fact]
    public void Inspect_json_prints_only_json_on_stdout()
    {
        var (exitCode, output, error) = RunTool("inspect", Fixtures.EstimatorPrefix, "--json");

        Assert.True(exitCode == ExitCodes.Success, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(59, json.RootElement.GetProperty("variables").GetArrayLength());
        Assert.EndsWith("}\n", output);
    }

    [Fact]
    public void Errors_reach_the_shell_as_exit_codes_and_one_line()
    {
        var (exitCode, output, error) = RunTool("inspect", Path.Combine(Path.GetTempPath(), "no-such-checkpoint-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static (int ExitCode, string Output, string Error) RunTool(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "CheckpointGen.Tool.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
