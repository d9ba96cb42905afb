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

    /// <summary>What the targets wrote under obj/, with timestamps.</summary>
    public Dictionary<string, DateTime> GeneratedFiles() =>
        Directory.Exists(Project.GeneratedDirectory)
            ? Directory.GetFiles(Project.GeneratedDirectory).ToDictionary(f => f, File.GetLastWriteTimeUtc)
            : new Dictionary<string, DateTime>();

    /// <summary>A build with MSBuild's detailed log, which says why each target ran or was skipped.</summary>
    public ProcessResult DetailedBuild() => Project.BuildSuccessfully("-v:d");

    /// <summary>The build ran the worker, because <paramref name="changedInput"/> was newer than its last output.</summary>
    public static void AssertRegenerated(ProcessResult build, string changedInput)
    {
        Assert.True(build.Output.Contains("Building target \"CheckpointGenGenerate\" completely.", StringComparison.Ordinal), "The worker did not run.\n" + build);
        Assert.Contains(
            build.OutputLines,
            l => l.StartsWith("Input file \"", StringComparison.Ordinal) && l.Contains(changedInput, StringComparison.Ordinal) && l.Contains("checkpointgen.outputs", StringComparison.Ordinal));
    }
}
