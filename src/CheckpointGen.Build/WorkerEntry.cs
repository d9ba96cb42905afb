using CheckpointGen.Contracts;
using CheckpointGen.Planning;

namespace CheckpointGen.Build;

/// <summary>
/// The worker's process entry, callable in process (tests drive it so): parses the command line,
/// runs the session, and turns what escapes it into one build error. Damaged input files
/// (requests, checkpoints, graphs) are CG1xxx errors naming the file; only a bug in CheckpointGen
/// itself is the internal-error code.
/// </summary>
internal static class WorkerEntry
{
    public const string Usage = "usage: CheckpointGen.Build [--design-time] [--embedded-warning-size BYTES] <request file>... [--others <request file>...]";

    /// <returns>0 when every item succeeded; 1 when any failed (the errors are on <paramref name="output"/> in MSBuild's canonical format); 2 for a bad command line.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (WorkerCommandLine.Parse(args) is not { } command)
        {
            error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return WorkerSession.Run(command, output);
        }
        catch (ContractFormatException e)
        {
            // Written by the task of the same package: a damaged or hand-edited file, or a mixed installation.
            output.WriteLine(WorkerDiagnostics.Format($"{e.File}({e.Line})", PlanSeverity.Error, PlanDiagnostic.UnreadableRequest,
                $"the CheckpointGen request file {e.File} is unreadable ({e.Reason}); rebuild to write it again, and reinstall the package if it persists"));
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine(WorkerDiagnostics.Format(command.Requests[0], PlanSeverity.Error, PlanDiagnostic.NotFound, e.Message));
            return 1;
        }
        catch (Exception e)
        {
            // A bug, not a user error: report it as a build error with what is needed to file it.
            output.WriteLine(WorkerDiagnostics.Format(command.Requests[0], PlanSeverity.Error, PlanDiagnostic.InternalError,
                $"CheckpointGen failed unexpectedly ({e.GetType().Name}: {e.Message}). Please report it with this message. {e.StackTrace}"));
            return 1;
        }
    }
}
