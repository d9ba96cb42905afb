using System.Text.RegularExpressions;
using CheckpointGen.Contracts;
using CheckpointGen.Planning;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>What planning one mutant gave: null <see cref="Problem"/> when the contract held.</summary>
internal sealed record GraphFuzzResult(GraphMutant Mutant, bool Planned, string? Problem)
{
    public bool Passed => Problem is null;

    public override string ToString() => Problem is null ? $"{Mutant}: {(Planned ? "planned" : "build error")}" : $"{Mutant}\n  {Problem}";
}

/// <summary>
/// Plans a mutant as the build worker does (the item planner, which compiles the graph) and checks
/// the contract: a plan, or errors with CG1xxx codes other than the internal-error code; no
/// escaping exception; at most <see cref="AllocationBudget"/> bytes allocated. The caller bounds the time.
/// </summary>
internal static partial class GraphFuzzExecution
{
    /// <summary>Far above what the seeds need (a few MiB), far below what one absurd dimension would cost.</summary>
    public const long AllocationBudget = 256L << 20;

    public static GraphFuzzResult Run(GraphMutant mutant, string scratch)
    {
        var path = mutant.WriteTo(scratch);
        var output = Path.Combine(scratch, "out-" + mutant.Seed);
        Directory.CreateDirectory(output);
        var request = new BuildRequest(mutant.Model.Item == "" ? "model" : mutant.Model.Item, path, Path.Combine(scratch, "App.csproj"), scratch, output, "Fuzz",
            new ItemMetadata(ClassName: "Model", Outputs: mutant.Model.Outputs, Inputs: mutant.Model.Inputs));
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var result = ItemPlanner.Run(request, new OutputIndex(), new HashSet<string>());
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBudget)
            {
                return new GraphFuzzResult(mutant, result.Succeeded, $"allocated {allocated} bytes (budget {AllocationBudget})");
            }
            var bad = result.Diagnostics.FirstOrDefault(d => d.Code == PlanDiagnostic.InternalError || !BuildCode().IsMatch(d.Code));
            return new GraphFuzzResult(mutant, result.Succeeded, bad is null ? null : $"{bad.Code}: {bad.Message}");
        }
        catch (Exception e)
        {
            return new GraphFuzzResult(mutant, false, $"escaped as {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
        finally
        {
            Directory.Delete(mutant.FolderIn(scratch), recursive: true);
            Directory.Delete(output, recursive: true);
        }
    }

    [GeneratedRegex("^CG1[0-9]{3}$")]
    private static partial Regex BuildCode();
}
