using System.Text.Json;

namespace CheckpointGen.Tool.Tests;

/// <summary>One run of checkpointgen: exit code and what it wrote to stdout and stderr.</summary>
internal sealed record ToolRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs the command line in-process, as the executable would with redirected output.</summary>
    public static ToolRun InProcess(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CheckpointGenCli.Run(args, output, error);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs in-process as if stdout were a terminal: tables and progress bars are drawn.</summary>
    public static ToolRun InTerminal(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CheckpointGenCli.Run(args, new CliConsole(output, error, isTerminal: true));
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>stderr as lines, without the trailing empty one.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>stdout parsed as one JSON document; fails if anything else is on stdout.</summary>
    public JsonDocument Json() => JsonDocument.Parse(Out);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}
