using System.CommandLine;
using System.CommandLine.Invocation;
using CheckpointGen.Tool.Commands;

namespace CheckpointGen.Tool;

/// <summary>
/// The <c>checkpointgen</c> command line: parses arguments and runs a command against the given
/// writers, so tests run it in-process exactly as the executable does.
/// </summary>
internal static class CheckpointGenCli
{
    /// <summary>The name users type; the assembly is CheckpointGen.Tool.</summary>
    public const string CommandName = "checkpointgen";

    /// <summary>Runs with plain-text output (no tables or progress bars) and returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        Run(args, new CliConsole(output, error, isTerminal: false));

    /// <summary>Runs and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        var root = new RootCommand("Inspect, verify, prune, freeze and compare TensorFlow checkpoints, and generate typed C# for them, without TensorFlow.")
        {
            InspectCommand.Create(console),
            LatestCommand.Create(console),
            VerifyCommand.Create(console),
            PruneCommand.Create(console),
            FreezeCommand.Create(console),
            DiffCommand.Create(console),
            GenerateCommand.Create(console),
            GraphCommand.Create(console),
            PredictCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // System.CommandLine would print help to stdout and exit 1; usage errors are 2 and stay on stderr.
            foreach (var error in parse.Errors)
            {
                console.Fail(error.Message);
            }
            console.Error.WriteLine($"Run '{CommandName} --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        });
    }
}
