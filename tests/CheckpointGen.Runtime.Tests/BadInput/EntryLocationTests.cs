using CheckpointGen.Protos;
using CheckpointGen.Runtime.Reading;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Entries whose shard, offset or size do not fit the header or the data files.</summary>
public sealed class EntryLocationTests
{
    [Fact]
    public void Bytes_past_the_end_of_the_shard_fail_the_read_naming_the_data_file()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddTensor("w", DataType.DtFloat, new long[] { 4 }, Values.Bytes(1f, 2f, 3f, 4f)).Offset = 8;
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("w"));

        Expect.Names(error, BundleStore.DataFilePath(prefix, 0, 1), "past the end of the 16-byte data file", "w");
        Assert.Equal(8, error.Offset);
        var problem = Assert.Single(checkpoint.VerifyAll());
        Assert.Equal("w", problem.TensorName);
    }

    [Fact]
    public void Declared_size_beyond_the_data_file_is_refused_before_allocating()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        var entry = builder.AddTensor("huge", DataType.DtFloat, new long[] { 1L << 28 }, Values.Bytes(1f));
        entry.Size = 1L << 30;
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("huge"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Expect.Names(error, BundleStore.DataFilePath(prefix, 0, 1), "past the end of the 4-byte data file", "huge");
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for a tensor whose bytes are not there");
    }

    [Theory]
    [InlineData(-8L)]
    [InlineData(long.MaxValue - 2)]
    public void Offset_and_size_that_are_no_byte_range_are_refused_at_open(long offset) =>
        Expect.IndexRefused(b => b.AddTensor("w", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f)).Offset = offset, "do not describe a byte range", "w");

    [Fact]
    public void Size_other_than_elements_times_element_size_is_refused() =>
        Expect.IndexRefused(
            b => b.AddTensor("w", DataType.DtFloat, new long[] { 4 }, Values.Bytes(1f, 2f, 3f, 4f)).Size = 12,
            "size is 12 bytes; a float32 [4] tensor takes 16",
            "w");

    [Fact]
    public void Shard_id_at_or_beyond_num_shards_is_refused() =>
        Expect.IndexRefused(
            b =>
            {
                b.Header.NumShards = 2;
                b.AddTensor("w", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f)).ShardId = 2;
            },
            "shard_id 2 is outside the 2 shards the header declares",
            "w");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Num_shards_zero_negative_or_huge_is_refused(int numShards) =>
        Expect.IndexRefused(b => b.Header.NumShards = numShards, $"header declares {numShards} shards");

    [Fact]
    public void Many_declared_shards_cost_nothing_until_a_shard_is_read()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.Header.NumShards = 1 << 20;
        builder.AddTensor("w", DataType.DtFloat, new long[] { 2 }, Values.Bytes(1f, 2f));
        var prefix = builder.Write(dir.Path);

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var checkpoint = Checkpoint.Open(prefix);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4 << 20, $"opening allocated {allocated} bytes for shards nothing refers to");
        Assert.Equal(new[] { 1f, 2f }, checkpoint.Read<float>("w"));
        Assert.Equal((1 << 20) + 1, checkpoint.Files.Count);
        Assert.Equal(BundleStore.DataFilePath(prefix, (1 << 20) - 1, 1 << 20), checkpoint.Files[^1]);
    }
}
