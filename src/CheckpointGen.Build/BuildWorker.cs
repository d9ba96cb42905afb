using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning;

namespace CheckpointGen.Build;

/// <summary>Plans every item of a request, reports what the planner says, and writes the plans and the output index.</summary>
internal static class BuildWorker
{
    /// <returns>0 when every item was planned; 1 when any failed (the index is then not written, so the next build retries).</returns>
    public static int Run(IReadOnlyList<BuildRequest> requests, string indexPath, TextWriter output)
    {
        var index = new OutputIndex();
        var classes = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var request in requests)
        {
            var result = ItemPlanner.Run(request, index, classes);
            foreach (var diagnostic in result.Diagnostics)
            {
                output.WriteLine(WorkerDiagnostics.Format(request, diagnostic));
            }
            if (result.Succeeded)
            {
                var planPath = Path.Combine(request.OutputDirectory, result.Plan!.ClassName + PlanFormat.Extension);
                AtomicFile.WriteText(planPath, PlanFormat.Write(result.Plan));
                index.Plans.Add(planPath);
            }
            ok &= result.Succeeded;
        }
        if (ok)
        {
            AtomicFile.WriteText(indexPath, index.Write());
        }
        return ok ? 0 : 1;
    }
}
