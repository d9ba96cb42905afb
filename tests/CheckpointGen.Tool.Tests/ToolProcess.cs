using System.Diagnostics;

namespace CheckpointGen.Tool.Tests;

/// <summary>The built tool run as a real process, as a shell runs it.</summary>
internal static class ToolProcess
{
    /// <summary>Runs <c>dotnet CheckpointGen.Tool.dll ARGS</c> in <paramref name="workingDirectory"/> (the current one when null).</summary>
    public static ToolRun Run(string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CheckpointGen.Tool.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ToolRun(process.ExitCode, output, error.Result);
    }
}
