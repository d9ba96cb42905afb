using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Inputs;

/// <summary>CopyToOutput="false": a Lazy class whose checkpoint the application finds on its own.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LazyCopyTests
{
    private readonly ScratchConsumer _scratch;

    public LazyCopyTests(EndToEndWorkspace workspace) => _scratch = workspace.Shared(w => new ScratchConsumer(w));

    [Fact]
    public void Without_CopyToOutput_nothing_is_copied_and_Open_path_reads_the_checkpoint_in_place()
    {
        var output = Path.Combine(_scratch.Project.Directory, "bin");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var build = _scratch.Build(new CheckpointItem(Fixtures.KerasSavedModel, "InPlace") { Mode = "Lazy", CopyToOutput = "false" });

        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(Directory.GetFiles(_scratch.Project.OutputDirectory, "variables.*", SearchOption.AllDirectories));
        var model = _scratch.Project.RunDump("InPlace", Fixtures.KerasSavedModel)["InPlace"];
        Assert.Equal(Path.Combine(Fixtures.KerasSavedModel, "variables", "variables"), model.Location);
        ListingAssert.Holds(Fixtures.Keras, model, Fixtures.KerasWeights);
    }
}
