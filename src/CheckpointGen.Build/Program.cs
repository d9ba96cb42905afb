using CheckpointGen.Build;
using CheckpointGen.Contracts;
using CheckpointGen.Planning;

// Usage: CheckpointGen.Build [--design-time] [--embedded-warning-size BYTES] <request file>... [--others <request file>...]
// (WorkerCommandLine). Exit code 0 when every item succeeded; 1 when any failed (the errors are
// on stdout in MSBuild's canonical format, which the task logs as errors); 2 for a bad command line.
if (WorkerCommandLine.Parse(args) is not { } command)
{
    Console.Error.WriteLine("usage: CheckpointGen.Build [--design-time] [--embedded-warning-size BYTES] <request file>... [--others <request file>...]");
    return 2;
}
try
{
    return WorkerSession.Run(command, Console.Out);
}
catch (ContractFormatException e)
{
    // The task and the worker come from one package: a request it cannot read is a damaged package or a bug.
    Console.Out.WriteLine(WorkerDiagnostics.Format($"{e.File}({e.Line})", PlanSeverity.Error, PlanDiagnostic.InternalError, "The CheckpointGen request is unreadable: " + e.Reason));
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Out.WriteLine(WorkerDiagnostics.Format(command.Requests[0], PlanSeverity.Error, PlanDiagnostic.NotFound, e.Message));
    return 1;
}
catch (Exception e)
{
    // A bug, not a user error: report it as a build error with what is needed to file it.
    Console.Out.WriteLine(WorkerDiagnostics.Format(command.Requests[0], PlanSeverity.Error, PlanDiagnostic.InternalError,
        $"CheckpointGen failed unexpectedly ({e.GetType().Name}: {e.Message}). Please report it with this message. {e.StackTrace}"));
    return 1;
}
