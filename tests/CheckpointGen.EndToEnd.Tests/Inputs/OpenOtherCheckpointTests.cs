using CheckpointGen.EndToEnd.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Inputs;

/// <summary>
/// Open(path) on a generated class reads another checkpoint of the same model (a later or
/// earlier training step) and refuses one whose variables differ from the compiled ones.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OpenOtherCheckpointTests
{
    private readonly InputKindsConsumer _consumer;

    public OpenOtherCheckpointTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new InputKindsConsumer(w));

    [Theory]
    [InlineData("FiveSteps")]
    [InlineData("FiveStepsLazy")]
    public void Open_reads_another_step_of_the_compiled_model(string className)
    {
        var other = Fixtures.FiveSteps(9990);

        var model = _consumer.Project.RunDump(className, Fixtures.FiveStepsPrefix(9990))[className];

        Assert.True(model.IsMapped);
        Assert.Equal(Fixtures.FiveStepsPrefix(9990), model.Location);
        ListingAssert.Holds(other, model, Fixtures.EstimatorWeights(other));
    }

    [Fact]
    public void Open_with_a_folder_follows_its_checkpoint_state_file()
    {
        var latest = Fixtures.FiveSteps(10000);

        var model = _consumer.Project.RunDump("TwoShardLazy", Fixtures.FiveStepsFolder)["TwoShardLazy"];

        Assert.Equal(Fixtures.FiveStepsPrefix(10000), model.Location);
        ListingAssert.Holds(latest, model, Fixtures.EstimatorWeights(latest));
    }

    [Theory]
    [InlineData("KerasLazy", "tfx-taxi-estimator-2shard/model.ckpt-10000", "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE")]
    [InlineData("TwoShard", "tfx-keras-savedmodel", "dnn/hiddenlayer_0/kernel")]
    public void Open_on_a_different_model_throws_CheckpointMismatchException(string className, string otherModel, string compiledVariable)
    {
        var run = _consumer.Project.Run(className, FixturePaths.Get(otherModel));

        Assert.True(run.ExitCode == 3, run.ToString());
        var error = Assert.Single(run.OutputLines, l => l.StartsWith("error\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("CheckpointMismatchException", error[2]);
        Assert.Contains($"'{compiledVariable}' is missing", error[3], StringComparison.Ordinal);
    }
}
