using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Reading;

/// <summary>Zero-copy access over the memory-mapped data file agrees with copying reads.</summary>
public sealed class ZeroCopyTests
{
    private static readonly string Prefix = FixturePaths.Get("tfx-taxi-estimator-2shard/model.ckpt-10000");

    [Fact]
    public void Span_and_memory_hold_the_same_elements_as_a_copy()
    {
        using var checkpoint = Checkpoint.Open(Prefix);
        const string Name = "dnn/hiddenlayer_1/kernel";
        var copy = checkpoint.Read<float>(Name);

        Assert.Equal(copy, checkpoint.GetSpan<float>(Name).ToArray());
        var memory = checkpoint.GetMemory<float>(Name);
        Assert.Equal(copy.Length, memory.Length);
        Assert.Equal(copy, memory.ToArray());
        Assert.Equal(copy[^1], memory.Span[^1]);
    }

    [Fact]
    public void Mapping_refuses_a_wrong_element_type()
    {
        using var checkpoint = Checkpoint.Open(Prefix);

        var error = Assert.Throws<ArgumentException>(() => checkpoint.GetMemory<double>("dnn/hiddenlayer_1/kernel"));
        Assert.Contains("float32", error.Message, StringComparison.Ordinal);
    }
}
