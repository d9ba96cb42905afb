using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Inputs;

/// <summary>Every kind of &lt;Checkpoint&gt; input, in both modes, gives the model's weights with the values TensorFlow saved.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InputKindTests
{
    private readonly InputKindsConsumer _consumer;

    public InputKindTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new InputKindsConsumer(w));

    [Theory]
    [InlineData("TwoShard")]
    [InlineData("TwoShardLazy")]
    public void A_prefix_with_two_data_shards_gives_its_model_weights(string className)
    {
        var weights = Fixtures.EstimatorWeights(Fixtures.TwoShard);

        Assert.Equal(20, weights.Count);
        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Compiled[className], weights);
    }

    [Theory]
    [InlineData("FiveSteps")]
    [InlineData("FiveStepsLazy")]
    public void A_folder_gives_the_step_its_checkpoint_state_file_names(string className)
    {
        var latest = Fixtures.FiveSteps(10000);
        var weights = Fixtures.EstimatorWeights(latest);

        Assert.Equal(20, weights.Count);
        // Earlier steps hold other values, so matching step 10000's listing shows which step was compiled.
        Assert.Contains(weights, n => Sum(latest, n) != Sum(Fixtures.FiveSteps(9990), n));
        ListingAssert.Holds(latest, _consumer.Compiled[className], weights);
    }

    [Theory]
    [InlineData("Keras")]
    [InlineData("KerasLazy")]
    public void A_saved_model_folder_gives_its_object_based_variables(string className)
    {
        Assert.Equal(6, Fixtures.KerasWeights.Count);
        ListingAssert.Holds(Fixtures.Keras, _consumer.Compiled[className], Fixtures.KerasWeights);
    }

    [Theory]
    [InlineData("TwoShard")]
    [InlineData("FiveSteps")]
    [InlineData("Keras")]
    public void Embedded_weights_are_resources_of_the_assembly(string className)
    {
        var resources = AssemblyMetadata.ResourceNames(Path.Combine(_consumer.Project.OutputDirectory, "E2E.dll"));

        Assert.False(_consumer.Compiled[className].IsMapped);
        Assert.Contains(resources, r => r.Contains("." + className + ".", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TwoShardLazy")]
    [InlineData("FiveStepsLazy")]
    [InlineData("KerasLazy")]
    public void Lazy_classes_map_the_files_copied_beside_the_application(string className)
    {
        var model = _consumer.Compiled[className];
        var resources = AssemblyMetadata.ResourceNames(Path.Combine(_consumer.Project.OutputDirectory, "E2E.dll"));

        Assert.True(model.IsMapped);
        Assert.StartsWith(_consumer.Project.OutputDirectory + Path.DirectorySeparatorChar, model.Location, StringComparison.Ordinal);
        Assert.True(File.Exists(model.Location + ".index"), model.Location + ".index was not copied");
        Assert.NotEmpty(Directory.GetFiles(Path.GetDirectoryName(model.Location)!, Path.GetFileName(model.Location) + ".data-*"));
        Assert.DoesNotContain(resources, r => r.Contains("." + className + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_ClassName_the_class_is_named_after_the_folder_in_the_given_Namespace()
    {
        var assembly = Path.Combine(_consumer.Project.OutputDirectory, "E2E.dll");

        Assert.NotNull(AssemblyMetadata.Visibility(assembly, "E2E.Models.TfxKerasSavedmodel"));
        ListingAssert.Holds(Fixtures.Keras, _consumer.Compiled["TfxKerasSavedmodel"], Fixtures.KerasWeights);
    }

    private static double? Sum(CheckpointGen.Tests.ExpectedListing listing, string name) => listing.Tensors.Single(t => t.Name == name).Sum;
}
