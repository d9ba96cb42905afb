namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>
/// A commit either replaces the checkpoint at its prefix completely or changes nothing: no
/// temporary files left behind, an existing checkpoint byte for byte as it was.
/// </summary>
public sealed class AtomicCommitTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_source_that_throws_midway_leaves_an_existing_checkpoint_untouched()
    {
        var prefix = _temp["model.ckpt"];
        WriteExisting(prefix);
        var before = _temp.Snapshot();

        using var writer = new CheckpointWriter(prefix, new CheckpointWriterOptions { ShardCount = 2 });
        writer.Add("a", TensorShape.Create(1 << 20), TensorData.FromValues(new float[1 << 20]));
        writer.Add("b", TensorShape.Create(1 << 20), TensorData.FromWriter(TensorDataType.Float, stream =>
        {
            stream.Write(new byte[1 << 21]);
            throw new TimeoutException("the source went away");
        }), shard: 1);
        var error = Assert.Throws<TimeoutException>(() => writer.Commit());

        Assert.Equal("the source went away", error.Message);
        Assert.Equal(before, _temp.Snapshot());
        using var existing = Checkpoint.Open(prefix);
        Assert.Equal(new[] { 1.0, 2.0 }, existing.Read<double>("old"));
    }

    [Theory]
    [InlineData(12, "'short' wrote 12 bytes; the tensor takes 16")]
    [InlineData(20, "'short' wrote more than the 16 bytes")]
    public void A_writer_of_the_wrong_size_fails_the_first_write_and_leaves_no_files(int written, string message)
    {
        var prefix = _temp["new/model.ckpt"];
        using var writer = new CheckpointWriter(prefix);
        writer.Add("a", TensorShape.Create(2), TensorData.FromValues(new[] { 1, 2 }));
        writer.Add("short", TensorShape.Create(4), TensorData.FromWriter(TensorDataType.Int32, stream => stream.Write(new byte[written])));

        var error = Assert.Throws<InvalidOperationException>(() => writer.Commit());

        Assert.Contains(message, error.Message);
        Assert.Empty(_temp.Snapshot());
    }

    [Fact]
    public void A_corrupt_source_tensor_fails_the_copy_and_changes_nothing()
    {
        var source = _temp["source/ckpt"];
        WriteExisting(source);
        var data = source + ".data-00000-of-00001";
        var bytes = File.ReadAllBytes(data);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(data, bytes);
        var target = _temp["target/ckpt"];
        WriteExisting(target);
        var before = _temp.Snapshot();

        using var checkpoint = Checkpoint.Open(source, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Never });
        using var writer = new CheckpointWriter(target);
        writer.CopyFrom(checkpoint, "old");
        var error = Assert.Throws<CheckpointChecksumException>(() => writer.Commit());

        Assert.Equal("old", error.TensorName);
        Assert.Equal(data, error.FilePath);
        Assert.Equal(before, _temp.Snapshot());
    }

    [Fact]
    public void A_failed_rename_puts_back_the_files_it_replaced()
    {
        var prefix = _temp["ckpt"];
        WriteExisting(prefix);
        // An index that cannot be replaced: the data file is renamed first, then this fails.
        File.Delete(prefix + ".index");
        Directory.CreateDirectory(prefix + ".index");
        var before = _temp.Snapshot();

        using var writer = new CheckpointWriter(prefix);
        writer.Add("new", TensorShape.Create(3), TensorData.FromValues(new[] { 7f, 8f, 9f }));

        Assert.ThrowsAny<IOException>(() => writer.Commit());
        Assert.Equal(before, _temp.Snapshot());
    }

    [Fact]
    public void A_successful_commit_replaces_the_checkpoint_and_leaves_only_its_files()
    {
        var prefix = _temp["ckpt"];
        WriteExisting(prefix);

        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("new", TensorShape.Create(3), TensorData.FromValues(new[] { 7f, 8f, 9f }));
            writer.Commit();
        }

        Assert.Equal(new[] { "ckpt.data-00000-of-00001", "ckpt.index" }, _temp.Snapshot().Keys);
        using var checkpoint = Checkpoint.Open(prefix);
        Assert.Equal(new[] { "new" }, checkpoint.Variables.Select(v => v.Name));
        Assert.Equal(new[] { 7f, 8f, 9f }, checkpoint.Read<float>("new"));
    }

    [Fact]
    public void A_copy_can_replace_the_checkpoint_it_reads_from()
    {
        var prefix = _temp["ckpt"];
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("keep", TensorShape.Create(2), TensorData.FromValues(new[] { 1L, 2L }));
            writer.Add("drop", TensorShape.Create(1000), TensorData.FromValues(new long[1000]));
            writer.Commit();
        }

        using (var source = Checkpoint.Open(prefix))
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.CopyFrom(source, "keep");
            writer.Commit();
        }

        using var pruned = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(new[] { "keep" }, pruned.Variables.Select(v => v.Name));
        Assert.Equal(new[] { 1L, 2L }, pruned.Read<long>("keep"));
        Assert.Equal(16, new FileInfo(prefix + ".data-00000-of-00001").Length);
    }

    private static void WriteExisting(string prefix)
    {
        using var writer = new CheckpointWriter(prefix);
        writer.Add("old", TensorShape.Create(2), TensorData.FromValues(new[] { 1.0, 2.0 }));
        writer.Commit();
    }
}
