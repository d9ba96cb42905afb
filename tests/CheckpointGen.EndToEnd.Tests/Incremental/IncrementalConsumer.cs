using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>
/// A consumer whose checkpoint lives in its own folder (a copy of two steps of the estimator and
/// a `checkpoint` state file), so tests can touch, replace and repoint it. Each test starts from
/// <see cref="Reset"/>: fresh files, the baseline project, built.
/// </summary>
internal sealed class IncrementalConsumer
{
    public const string Folder = "models/taxi";

    public static readonly CheckpointItem Taxi = new(Folder + "/model.ckpt-10000", "Taxi");

    public static readonly CheckpointItem Latest = new(Folder + "/", "Latest");

    public static readonly CheckpointItem TaxiLazy = new(Folder + "/model.ckpt-10000", "TaxiLazy") { Mode = "Lazy" };

    public IncrementalConsumer(EndToEndWorkspace workspace) => Project = new ConsumerProject(workspace, "incremental");

    public ConsumerProject Project { get; }

    public static CheckpointItem[] Baseline => new[] { Taxi, Latest, TaxiLazy };

    public string CheckpointFile(string name) => Project.PathOf(Path.Combine(Folder, name));

    public void Reset()
    {
        var folder = Project.PathOf(Folder);
        foreach (var step in new[] { 10000, 9990 })
        {
            Fixtures.CopyFiles(Fixtures.FiveStepsFolder, $"model.ckpt-{step}.", folder);
        }
        PointStateFileAt(10000);
        Project.WriteDumpingProject(Baseline);
        Project.BuildSuccessfully();
    }

    public void PointStateFileAt(int step) =>
        File.WriteAllText(CheckpointFile("checkpoint"), $"model_checkpoint_path: \"model.ckpt-{step}\"\nall_model_checkpoint_paths: \"model.ckpt-9990\"\nall_model_checkpoint_paths: \"model.ckpt-10000\"\n");

    /// <summary>What the targets wrote under obj/ (a folder per item), with timestamps.</summary>
    public Dictionary<string, DateTime> GeneratedFiles() =>
        Directory.Exists(Project.GeneratedDirectory)
            ? Directory.GetFiles(Project.GeneratedDirectory, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc)
            : new Dictionary<string, DateTime>();

    /// <summary>A build with MSBuild's detailed log, which says why each target ran or was skipped.</summary>
    public ProcessResult DetailedBuild() => Project.BuildSuccessfully("-v:d");

    /// <summary>The build ran the worker, because <paramref name="changedInput"/> was newer than its item's last output.</summary>
    public static void AssertRegenerated(ProcessResult build, string changedInput)
    {
        Assert.True(PlannedClasses(build).Count > 0, "The worker did not run.\n" + build);
        Assert.Contains(
            build.OutputLines,
            l => l.StartsWith("Input file \"", StringComparison.Ordinal) && l.Contains(changedInput, StringComparison.Ordinal) && l.Contains("checkpointgen.outputs", StringComparison.Ordinal));
    }

    /// <summary>
    /// The classes of the items the worker planned in this build: read from the requests named
    /// on its command line (which ToolTask logs), before <c>--others</c>. Empty if it did not run.
    /// </summary>
    public static IReadOnlyList<string> PlannedClasses(ProcessResult build)
    {
        var commandLine = build.OutputLines.SingleOrDefault(l => l.Contains("--embedded-warning-size", StringComparison.Ordinal));
        if (commandLine is null)
        {
            return Array.Empty<string>();
        }
        var planned = commandLine.Split(" --others ")[0];
        return planned.Split(' ').Where(a => a.EndsWith("checkpointgen.request", StringComparison.Ordinal))
            .Select(request => File.ReadAllLines(request).Single(l => l.StartsWith("metadata\tClassName\t", StringComparison.Ordinal)).Split('\t')[2])
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
