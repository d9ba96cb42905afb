namespace CheckpointGen.Tool.Commands;

/// <summary>A command's expected negative outcome, with the exit code and the one line that explains it.</summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }
}
