using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning;

namespace CheckpointGen.Build;

/// <summary>Plans every item of a request, reports what the planner says, and writes the plans and the output index.</summary>
internal static class BuildWorker
{
    /// <returns>0 when every item was planned; 1 when any failed (the index is then not written, so the next build retries).</returns>
    /// <param name="session">What the items must agree on across the build; these items alone when null.</param>
    public static int Run(IReadOnlyList<BuildRequest> requests, string indexPath, TextWriter output, WorkerSession? session = null)
    {
        session ??= new WorkerSession(designTime: false);
        var index = new OutputIndex();
        var ok = true;
        foreach (var request in requests)
        {
            var result = ItemPlanner.Run(request, index, session.Classes, session.Storage);
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
