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

    private const string Description = "Inspect, verify, prune, freeze and compare TensorFlow checkpoints, and generate typed C# for them, without TensorFlow.";

    /// <summary>Every command, in the order help lists them.</summary>
    private static readonly CommandFactory[] Commands =
    [
        new(InspectCommand.Name, InspectCommand.Create),
        new(LatestCommand.Name, LatestCommand.Create),
        new(VerifyCommand.Name, VerifyCommand.Create),
        new(PruneCommand.Name, PruneCommand.Create),
        new(FreezeCommand.Name, FreezeCommand.Create),
        new(DiffCommand.Name, DiffCommand.Create),
        new(GenerateCommand.Name, GenerateCommand.Create),
        new(GraphCommand.Name, GraphCommand.Create),
        new(PredictCommand.Name, PredictCommand.Create),
    ];

    /// <summary>Runs with plain-text output (no tables or progress bars) and returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        Run(args, new CliConsole(output, error, isTerminal: false));

    /// <summary>Runs and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(IReadOnlyList<string> args, CliConsole console) => Run(args, console, CreateRoot(console, args));

    /// <summary>Runs against a given command tree (tests compare the tree of one command with the full one).</summary>
    internal static int Run(IReadOnlyList<string> args, CliConsole console, RootCommand root)
    {
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

    /// <summary>
    /// The command tree <paramref name="args"/> need. When the first argument is a command's name,
    /// the root holds that command alone: a run then builds one command's options (and loads
    /// their types) instead of every command's, about a fifth of a small command's start. Once
    /// the first token has chosen a command its siblings play no part in parsing, so the command
    /// line parses, fails and prints help as with the full tree, which every other command line
    /// (root help, a mistyped command, a response file) still gets.
    /// </summary>
    internal static RootCommand CreateRoot(CliConsole console, IReadOnlyList<string> args)
    {
        foreach (var command in Commands)
        {
            if (args.Count > 0 && args[0] == command.Name)
            {
                return CreateRoot(console, [command]);
            }
        }
        return CreateRoot(console, Commands);
    }

    /// <summary>The full tree: every command.</summary>
    internal static RootCommand CreateFullRoot(CliConsole console) => CreateRoot(console, Commands);

    private static RootCommand CreateRoot(CliConsole console, CommandFactory[] commands)
    {
        var root = new RootCommand(Description);
        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Create(console));
        }
        return root;
    }

    /// <summary>A command's name (the first argument that chooses it) and how to build it.</summary>
    private sealed record CommandFactory(string Name, Func<CliConsole, Command> Create);
}
