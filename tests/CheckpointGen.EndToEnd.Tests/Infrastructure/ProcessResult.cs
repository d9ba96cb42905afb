namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>A finished process: its command line, exit code, what it printed, and how long it took.</summary>
internal sealed record ProcessResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    private const int ShownLines = 150;

    public bool Succeeded => ExitCode == 0;

    /// <summary>stdout and stderr together, for searching.</summary>
    public string AllOutput => Output + "\n" + Error;

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What an assertion message needs: the command and the end of its output (builds print a lot).</summary>
    public override string ToString() =>
        $"`{CommandLine}` in {WorkingDirectory} exited {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout (last {ShownLines} lines)\n{Tail(Output)}\n--- stderr\n{Tail(Error)}";

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - ShownLines)));
    }
}
