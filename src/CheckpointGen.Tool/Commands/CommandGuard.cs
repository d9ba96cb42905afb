using CheckpointGen.Tool.Examples;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Npy;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// Runs a command's body and turns what it throws into an exit code: expected failures (a
/// missing file, a corrupt checkpoint) as one line on stderr, anything else as an internal
/// error with its stack trace, because that is a bug to report.
/// </summary>
internal static class CommandGuard
{
    public static int Run(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (ExitCodeFor(e) is { } code)
        {
            console.Fail(e.Message);
            return code;
        }
        catch (Exception e)
        {
            console.Fail($"internal error: {e.GetType().FullName}: {e.Message}");
            console.Error.WriteLine(e.StackTrace);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The exit code of an expected failure, or null for an unexpected exception.</summary>
    public static int? ExitCodeFor(Exception e) => e switch
    {
        CommandFailedException failed => failed.ExitCode,
        FreezeException => ExitCodes.Failed,
        NpyFormatException or ExampleFileException => ExitCodes.Corrupt,
        // Serialized examples the generated parse refused (malformed, wrong kind or length, a required feature missing).
        CheckpointGen.Inference.Graphs.ExampleFormatException => ExitCodes.Corrupt,
        CheckpointNotFoundException => ExitCodes.NotFound,
        CheckpointException => ExitCodes.Corrupt,
        // The runtime's documented way to refuse what it cannot handle (a dtype, a feature).
        NotSupportedException => ExitCodes.Corrupt,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException => ExitCodes.NotFound,
        _ => null,
    };
}
