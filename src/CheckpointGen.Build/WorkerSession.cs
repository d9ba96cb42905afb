using CheckpointGen.Contracts;
using CheckpointGen.Planning;
using CheckpointGen.Planning.Items;
using CheckpointGen.Planning.Storage;

namespace CheckpointGen.Build;

/// <summary>
/// One run of the worker over the items a build found out of date (one request file each):
/// what the items must agree on across the whole project, the up-to-date ones included. No two
/// may generate one class, and their embedded weights together must fit one assembly.
/// </summary>
internal sealed class WorkerSession
{
    public WorkerSession(bool designTime, long embeddedWarningSize = WorkerCommandLine.DefaultEmbeddedWarningSize) =>
        Storage = new StorageOptions(designTime, new EmbeddedBudget(embeddedWarningSize));

    /// <summary>Design-time or full, and what the assembly can still hold.</summary>
    public StorageOptions Storage { get; }

    /// <summary>The full names of the classes generated so far.</summary>
    public HashSet<string> Classes { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs the worker's command line; the exit code.</summary>
    public static int Run(WorkerCommandLine command, TextWriter output)
    {
        var session = new WorkerSession(command.DesignTime, command.EmbeddedWarningSize);
        foreach (var other in command.Others)
        {
            session.Count(other);
        }
        var ok = true;
        foreach (var request in command.Requests)
        {
            ok &= session.Plan(request, output) == 0;
        }
        return ok ? 0 : 1;
    }

    /// <summary>Plans the items of one request file and writes its output index (both indexes in a full build).</summary>
    private int Plan(string requestFile, TextWriter output)
    {
        var index = ItemLayout.OutputIndexFor(requestFile, Storage.DesignTime);
        var exit = BuildWorker.Run(Read(requestFile), index, output, this);
        if (exit == 0 && !Storage.DesignTime)
        {
            AtomicFile.WriteText(ItemLayout.OutputIndexFor(requestFile, designTime: true), File.ReadAllText(index));
        }
        return exit;
    }

    /// <summary>An up-to-date item: its class name, and the weights it packed last time.</summary>
    private void Count(string requestFile)
    {
        foreach (var settings in Read(requestFile).Select(r => ItemSettings.Resolve(r, new List<PlanDiagnostic>())).OfType<ItemSettings>())
        {
            Classes.Add(settings.FullClassName);
        }
        var index = ItemLayout.OutputIndexFor(requestFile, designTime: false);
        if (File.Exists(index))
        {
            foreach (var (path, _) in OutputIndex.Read(File.ReadAllText(index), index).Resources.Where(r => File.Exists(r.Path)))
            {
                Storage.Embedded.Include(new FileInfo(path).Length);
            }
        }
    }

    private static IReadOnlyList<BuildRequest> Read(string requestFile) => BuildRequestFormat.Read(File.ReadAllText(requestFile), requestFile);
}
