using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Filtering;

/// <summary>Include/Exclude globs on variable names: * within a name part, ** across parts, ? one character, ! negates.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NameGlobTests
{
    private readonly FilteringConsumer _consumer;

    public NameGlobTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new FilteringConsumer(w));

    [Fact]
    public void Include_and_exclude_combine()
    {
        var expected = new[] { "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_1/bias", "dnn/hiddenlayer_2/bias", "dnn/hiddenlayer_3/bias", "dnn/logits/bias" };

        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["DnnBiases"], expected);
    }

    [Fact]
    public void Single_character_wildcards_and_negated_includes()
    {
        var expected = new[] { "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_1/kernel", "dnn/hiddenlayer_2/kernel", "dnn/hiddenlayer_3/kernel" };

        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["HiddenKernels"], expected);
    }

    [Fact]
    public void Include_selects_among_everything_Keep_All_keeps()
    {
        var expected = Fixtures.TwoShard.Tensors.Select(t => t.Name).Where(n => n.EndsWith("/Adagrad", StringComparison.Ordinal)).ToList();

        Assert.Equal(10, expected.Count);
        ListingAssert.Holds(Fixtures.TwoShard, _consumer.Output["AdagradSlots"], expected);
    }

    [Fact]
    public void Globs_match_the_real_variable_names_of_object_based_keys()
    {
        var expected = new[] { "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE", "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE" };

        ListingAssert.Holds(Fixtures.Keras, _consumer.Output["FirstDense"], expected);
    }
}
