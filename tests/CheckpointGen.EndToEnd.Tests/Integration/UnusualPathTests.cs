using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>
/// A project folder and checkpoint paths with spaces and non-ASCII letters: the worker's command
/// line, the per-item folders, the requests, the Lazy copies and Open() all keep them intact.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UnusualPathTests
{
    private readonly EndToEndWorkspace _workspace;

    public UnusualPathTests(EndToEndWorkspace workspace) => _workspace = workspace;

    [Fact]
    public void Spaces_and_non_ASCII_letters_in_project_and_checkpoint_paths()
    {
        var project = new ConsumerProject(_workspace, "Projekt mit Leerzeichen ü é 名前");
        var folder = project.PathOf(Path.Combine("modèles", "été 2024"));
        Fixtures.CopyFiles(Path.GetDirectoryName(Fixtures.TwoShardPrefix)!, "model.ckpt-10000.", folder);
        var prefix = Path.Combine("modèles", "été 2024", "model.ckpt-10000");
        var items = new[]
        {
            new CheckpointItem(prefix, "Été"),
            new CheckpointItem(prefix, "ÉtéLazy") { Mode = "Lazy" },
        };
        project.WriteDumpingProject(items);

        project.BuildSuccessfully();

        var output = project.RunDump();
        var weights = Fixtures.EstimatorWeights(Fixtures.TwoShard);
        ListingAssert.Holds(Fixtures.TwoShard, output["Été"], weights);
        ListingAssert.Holds(Fixtures.TwoShard, output["ÉtéLazy"], weights);
        Assert.True(File.Exists(Path.Combine(project.OutputDirectory, prefix + ".index")), "the Lazy copy keeps its path");
    }
}
