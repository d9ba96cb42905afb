namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>Mistakes a caller can make are refused when the tensor is added, naming the tensor.</summary>
public sealed class WriterArgumentTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CheckpointWriter _writer;

    public WriterArgumentTests() => _writer = new CheckpointWriter(_temp["ckpt"], new CheckpointWriterOptions { ShardCount = 2 });

    public void Dispose()
    {
        _writer.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Data_that_does_not_fill_the_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _writer.Add("w", TensorShape.Create(2, 3), TensorData.FromValues(new float[5])));

        Assert.Contains("'w' holds 20 bytes; a float32 [2, 3] tensor takes 24", error.Message);
        Assert.Throws<ArgumentException>(() => _writer.Add("s", TensorShape.Create(3), TensorData.FromStrings(new[] { new byte[1] })));
        Assert.Throws<ArgumentException>(() => _writer.Add("n", TensorShape.Create(1), TensorData.FromStrings(new byte[][] { null! })));
    }

    [Fact]
    public void Names_must_be_unique_non_empty_and_valid_unicode()
    {
        _writer.Add("x", TensorShape.Scalar, TensorData.FromValues(new[] { 1 }));

        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => _writer.Add("x", TensorShape.Scalar, TensorData.FromValues(new[] { 2 }))).Message);
        Assert.Throws<ArgumentException>(() => _writer.Add(string.Empty, TensorShape.Scalar, TensorData.FromValues(new[] { 1 })));
        Assert.Throws<ArgumentException>(() => _writer.Add("\0x", TensorShape.Scalar, TensorData.FromValues(new[] { 1 })));
        Assert.Throws<ArgumentException>(() => _writer.Add("bad\ud800", TensorShape.Scalar, TensorData.FromValues(new[] { 1 })));
        Assert.Throws<ArgumentException>(() => _writer.AddSlice("x", TensorShape.Create(2), new TensorSlice(new[] { new SliceExtent(0, 1) }), TensorData.FromValues(new[] { 1 })));
    }

    [Fact]
    public void Partitions_must_fit_agree_and_not_overlap()
    {
        var shape = TensorShape.Create(4, 4);
        _writer.AddSlice("p", shape, Slice((0, 2), (0, 2)), TensorData.FromValues(new int[4]));

        Assert.Contains("overlaps", Assert.Throws<ArgumentException>(() => _writer.AddSlice("p", shape, Slice((1, 2), (1, 3)), TensorData.FromValues(new int[6]))).Message);
        Assert.Throws<ArgumentException>(() => _writer.AddSlice("p", shape, Slice((0, 2), (0, 2)), TensorData.FromValues(new int[4])));
        Assert.Throws<ArgumentException>(() => _writer.AddSlice("p", shape, Slice((3, 2), (0, 2)), TensorData.FromValues(new int[4])));
        Assert.Throws<ArgumentException>(() => _writer.AddSlice("p", TensorShape.Create(4, 5), Slice((2, 2), (0, 2)), TensorData.FromValues(new int[4])));
        Assert.Throws<ArgumentException>(() => _writer.AddSlice("p", shape, Slice((2, 2), (0, 2)), TensorData.FromValues(new float[4])));
        Assert.Throws<ArgumentException>(() => _writer.Add("p", shape, TensorData.FromValues(new int[16])));
        _writer.AddSlice("p", shape, Slice((2, 2), (0, 2)), TensorData.FromValues(new int[4]));
    }

    [Fact]
    public void Shards_must_exist_and_are_not_chosen_when_sizes_decide()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _writer.Add("x", TensorShape.Scalar, TensorData.FromValues(new[] { 1 }), shard: 2));
        using var bySize = new CheckpointWriter(_temp["other"], new CheckpointWriterOptions { MaxShardSize = 100 });
        Assert.Throws<ArgumentException>(() => bySize.Add("x", TensorShape.Scalar, TensorData.FromValues(new[] { 1 }), shard: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointWriter(_temp["zero"], new CheckpointWriterOptions { ShardCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointWriter(_temp["negative"], new CheckpointWriterOptions { MaxShardSize = -1 }));
    }

    [Fact]
    public void Types_without_fixed_size_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TensorData.FromBytes(TensorDataType.String, new byte[4]));
        Assert.Throws<ArgumentException>(() => TensorData.FromBytes(TensorDataType.Resource, new byte[4]));
        Assert.Throws<ArgumentException>(() => TensorData.FromWriter(TensorDataType.Variant, _ => { }));
        Assert.Throws<ArgumentException>(() => TensorData.FromValues(new[] { DateTime.Now }));
    }

    [Fact]
    public void A_writer_commits_once_and_not_after_disposal()
    {
        _writer.Add("x", TensorShape.Scalar, TensorData.FromValues(new[] { 1 }));
        _writer.Commit();

        Assert.Throws<InvalidOperationException>(() => _writer.Commit());
        Assert.Throws<InvalidOperationException>(() => _writer.Add("y", TensorShape.Scalar, TensorData.FromValues(new[] { 1 })));
        _writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _writer.Commit());
        Assert.Throws<ArgumentException>(() => new CheckpointWriter(_temp.Path + Path.DirectorySeparatorChar));
    }

    private static TensorSlice Slice(params (long Start, long Length)[] extents) =>
        new(extents.Select(e => new SliceExtent(e.Start, e.Length)));
}
