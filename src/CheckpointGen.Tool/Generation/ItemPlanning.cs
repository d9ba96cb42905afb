using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning;
using CheckpointGen.Planning.Compiler;
using CheckpointGen.Tool.Commands;

namespace CheckpointGen.Tool.Generation;

/// <summary>
/// Runs the build's planner on an item for a command (<c>generate</c>, <c>predict</c>): its infos
/// and warnings go to the console as the build would show them, its first error becomes the
/// command's failure with the exit code that error means on a command line.
/// </summary>
internal static class ItemPlanning
{
    /// <summary>The plan of <paramref name="request"/> and the planner's diagnostics (none an error); files the planner writes (packed weights) are listed in <paramref name="index"/>.</summary>
    /// <param name="request">The item.</param>
    /// <param name="index">Receives the files the planner writes.</param>
    /// <param name="console">Receives warnings, and infos when <paramref name="infos"/> is set.</param>
    /// <param name="infos">Whether infos matter to the command's user (they are about the generated class's names, which predict's user never sees).</param>
    /// <exception cref="CommandFailedException">The planner reported an error.</exception>
    public static (CheckpointPlan Plan, IReadOnlyList<PlanDiagnostic> Diagnostics) Run(BuildRequest request, OutputIndex index, CliConsole console, bool infos = true)
    {
        var result = ItemPlanner.Run(request, index, new HashSet<string>(StringComparer.Ordinal));
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == PlanSeverity.Warning)
            {
                console.Warn($"{d.Code}: {d.Message}");
            }
            else if (d.Severity == PlanSeverity.Info && infos)
            {
                console.Note($"{d.Code}: {d.Message}");
            }
        }
        if (result.Diagnostics.FirstOrDefault(d => d.Severity == PlanSeverity.Error) is { } error)
        {
            throw new CommandFailedException(ExitCodeFor(error.Code), $"{error.Code}: {error.Message}");
        }
        return (result.Plan!, result.Diagnostics);
    }

    private static int ExitCodeFor(string code) => code switch
    {
        // Options the planner refuses, and tensor names (Outputs, Inputs) the graph does not have.
        PlanDiagnostic.BadMetadata or GraphCompileException.MissingInput => ExitCodes.Usage,
        PlanDiagnostic.NotFound => ExitCodes.NotFound,
        PlanDiagnostic.Corrupt or PlanDiagnostic.ChecksumMismatch or PlanDiagnostic.KerasMetadataDamaged => ExitCodes.Corrupt,
        // A graph the compiler cannot compile: an op it lacks, a cycle, shapes that do not fit.
        GraphCompileException.UnsupportedOp or GraphCompileException.Cycle or GraphCompileException.BadShape => ExitCodes.Corrupt,
        _ => ExitCodes.Failed,
    };
}
