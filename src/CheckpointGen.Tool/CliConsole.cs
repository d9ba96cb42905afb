using Spectre.Console;

namespace CheckpointGen.Tool;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, warnings and errors to
/// <see cref="Error"/>. Tables and progress bars are drawn only when <see cref="Out"/> is a
/// terminal; otherwise output is plain text that scripts can read.
/// </summary>
internal sealed class CliConsole
{
    private IAnsiConsole? _ansi;

    public CliConsole(TextWriter output, TextWriter error, bool isTerminal)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Whether <see cref="Out"/> is a terminal a person is looking at.</summary>
    public bool IsTerminal { get; }

    /// <summary>Spectre.Console over <see cref="Out"/>, for terminal output only.</summary>
    public IAnsiConsole Ansi => _ansi ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Interactive = InteractionSupport.Yes,
    });

    /// <summary>Something worth knowing that is not a problem (a name the command chose by its documented rule).</summary>
    public void Note(string message) => Error.WriteLine("note: " + OneLine(message));

    /// <summary>A problem that did not stop the command.</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + OneLine(message));

    /// <summary>A problem that decides the exit code.</summary>
    public void Fail(string message) => Error.WriteLine("error: " + OneLine(message));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
