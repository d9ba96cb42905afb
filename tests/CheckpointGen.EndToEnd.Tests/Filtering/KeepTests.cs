using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Filtering;

/// <summary>Keep="Model" drops optimizer state and bookkeeping, "Trainable" keeps what the graph trains, "All" keeps everything.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class KeepTests
{
    private readonly FilteringConsumer _consumer;

    public KeepTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new FilteringConsumer(w));

    [Fact]
    public void Model_drops_adagrad_and_ftrl_slots_and_global_step()
    {
        var weights = Fixtures.EstimatorWeights(Fixtures.TwoShard);

        Assert.Equal(20, weights.Count);
        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["TwoShardModel"], weights);
    }

    [Fact]
    public void Trainable_keeps_what_the_meta_graph_trains()
    {
        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["TwoShardTrainable"], Fixtures.EstimatorWeights(Fixtures.TwoShard));
    }

    [Fact]
    public void Trainable_keeps_what_the_saved_models_object_graph_trains()
    {
        ListingAssert.Holds(Fixtures.Keras, _consumer.Output["KerasTrainable"], Fixtures.KerasWeights);
    }

    [Fact]
    public void All_keeps_every_stored_tensor()
    {
        Assert.Equal(51, Fixtures.TwoShard.Tensors.Count);
        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["TwoShardAll"], Fixtures.AllNames(Fixtures.TwoShard));
    }

    [Fact]
    public void All_keeps_object_based_slots_metrics_and_the_object_graph_string()
    {
        var model = _consumer.Output["KerasAll"];

        Assert.Equal(28, Fixtures.Keras.Tensors.Count);
        ListingAssert.Holds(Fixtures.Keras, model, Fixtures.AllNames(Fixtures.Keras));
        Assert.Equal("string", model.Tensors.Single(t => t.Name == "_CHECKPOINTABLE_OBJECT_GRAPH").DType);
    }

    [Fact]
    public void Model_keeps_weights_whose_trainability_no_graph_records()
    {
        ListingAssert.Holds(Fixtures.Keras, _consumer.Output["KerasCheckpoint"], Fixtures.KerasWeights);
    }
}
