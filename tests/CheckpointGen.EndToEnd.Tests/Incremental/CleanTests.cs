using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>`dotnet clean` removes what the build made from checkpoints, and nothing else.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CleanTests
{
    private readonly IncrementalConsumer _consumer;

    public CleanTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new IncrementalConsumer(w));

    [Fact]
    public void Clean_removes_manifests_weights_and_lazy_copies_but_not_the_checkpoint()
    {
        _consumer.Reset();
        var generated = _consumer.GeneratedFiles().Keys.Select(Path.GetFileName).ToList();
        var lazyCopy = _consumer.Project.RunDump("TaxiLazy")["TaxiLazy"].Location + ".index";
        Assert.Contains("Taxi.cgplan", generated);
        Assert.Contains(generated, f => f!.EndsWith(".weights", StringComparison.Ordinal));
        Assert.True(File.Exists(lazyCopy), lazyCopy);

        var clean = _consumer.Project.Clean();

        Assert.True(clean.Succeeded, clean.ToString());
        Assert.Empty(_consumer.GeneratedFiles());
        Assert.False(File.Exists(lazyCopy), lazyCopy + " is still there");
        Assert.True(File.Exists(_consumer.CheckpointFile("model.ckpt-10000.index")), "clean deleted the project's own checkpoint");
    }
}
