using System.CommandLine;

namespace CheckpointGen.Tool.Tests.Cli;

/// <summary>
/// A run builds only the command its first argument names; these command lines must behave
/// exactly as with the full tree: same exit code, same stdout, same stderr (help and errors).
/// </summary>
public sealed class CommandTreeTests
{
    public static TheoryData<string[]> CommandLines()
    {
        string[] commands = ["inspect", "latest", "verify", "prune", "freeze", "diff", "generate", "graph", "predict"];
        var lines = new TheoryData<string[]>();
        foreach (var command in commands)
        {
            lines.Add([command]);
            lines.Add([command, "--help"]);
            lines.Add([command, "-h"]);
            lines.Add([command, "--no-such-option"]);
            lines.Add([command, "--version"]);
            // A sibling's name after the command is an argument there, never that sibling.
            lines.Add([command, command == "verify" ? "inspect" : "verify"]);
            lines.Add([command, "verify", "inspect", "x"]);
            lines.Add([command, Fixtures.EstimatorPrefix]);
            lines.Add([command, Fixtures.EstimatorPrefix, "--json"]);
            lines.Add([command, "missing/model.ckpt-1", "--", "--help"]);
        }
        lines.Add(["verify", Fixtures.EstimatorPrefix, "extra"]);
        return lines;
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void The_one_command_tree_runs_a_command_line_as_the_full_tree_does(string[] args)
    {
        var oneCommand = Run(args, console => CheckpointGenCli.CreateRoot(console, args));
        var full = Run(args, CheckpointGenCli.CreateFullRoot);

        Assert.Single(CheckpointGenCli.CreateRoot(Discard(), args).Subcommands);
        Assert.Equal(full, oneCommand);
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("Verify")]
    [InlineData("verfy")]
    [InlineData("--json", "verify")]
    [InlineData("@response.rsp")]
    public void Any_other_first_argument_gets_every_command(params string[] args)
    {
        Assert.Equal(CheckpointGenCli.CreateFullRoot(Discard()).Subcommands.Select(c => c.Name), CheckpointGenCli.CreateRoot(Discard(), args).Subcommands.Select(c => c.Name));
        Assert.Equal(9, CheckpointGenCli.CreateRoot(Discard(), args).Subcommands.Count);
    }

    private static ToolRun Run(string[] args, Func<CliConsole, RootCommand> tree)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, isTerminal: false);
        var exitCode = CheckpointGenCli.Run(args, console, tree(console));
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    private static CliConsole Discard() => new(TextWriter.Null, TextWriter.Null, isTerminal: false);
}
