using CheckpointGen.Protos;
using CheckpointGen.Runtime.Reading;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Stored CRC32Cs that do not match: tensor data, string lengths, table blocks.</summary>
public sealed class ChecksumTests
{
    [Fact]
    public void Tensor_data_mismatch_names_the_tensor_on_read_and_in_VerifyAll()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddTensor("a", DataType.DtFloat, new long[] { 2 }, Values.Bytes(1f, 2f));
        builder.AddTensor("b", DataType.DtFloat, new long[] { 2 }, Values.Bytes(3f, 4f));
        var prefix = builder.Write(dir.Path);
        var data = FlipBit(BundleStore.DataFilePath(prefix, 0, 1), 9);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointChecksumException>(() => checkpoint.ReadArray("b"));
        var problem = Assert.Single(checkpoint.VerifyAll());

        Expect.Names(error, data, "CRC32C mismatch in tensor data", "b");
        Assert.Equal(8, error.Offset);
        Assert.Equal("b", problem.TensorName);
        Assert.Equal(new[] { 1f, 2f }, checkpoint.Read<float>("a"));
    }

    [Fact]
    public void Unverified_read_of_the_same_bytes_succeeds_so_the_checksum_is_what_failed()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddTensor("a", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f)).Crc32C ^= 1;
        var prefix = builder.Write(dir.Path);
        using var never = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Never });
        using var always = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });

        Assert.Equal(new[] { 1f }, never.Read<float>("a"));
        Assert.Equal("a", Assert.Throws<CheckpointChecksumException>(() => always.GetSpan<float>("a").ToArray()).TensorName);
    }

    [Fact]
    public void FirstRead_checks_each_tensor_once_per_open_checkpoint()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddTensor("a", DataType.DtFloat, new long[] { 2 }, Values.Bytes(1f, 2f));
        builder.AddTensor("b", DataType.DtFloat, new long[] { 2 }, Values.Bytes(3f, 4f));
        var prefix = builder.Write(dir.Path);
        var data = BundleStore.DataFilePath(prefix, 0, 1);
        using var firstRead = Checkpoint.Open(prefix);
        using var always = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(new[] { 1f, 2f }, firstRead.Read<float>("a"));
        Assert.Equal(new[] { 1f, 2f }, always.Read<float>("a"));

        // Both tensors change on disk after "a" was read (and verified) once.
        FlipBit(data, 0);
        FlipBit(data, 8);

        Assert.NotEqual(1f, firstRead.Read<float>("a")[0]);
        Assert.Equal("a", Assert.Throws<CheckpointChecksumException>(() => always.Read<float>("a")).TensorName);
        Assert.Equal("b", Assert.Throws<CheckpointChecksumException>(() => firstRead.Read<float>("b")).TensorName);
    }

    [Fact]
    public void String_lengths_checksum_mismatch_names_the_tensor()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddStrings("s", new long[] { 2 }, Wire.Utf8("ab"), Wire.Utf8("c"));
        var prefix = builder.Write(dir.Path);
        var data = FlipBit(BundleStore.DataFilePath(prefix, 0, 1), 2);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointChecksumException>(() => checkpoint.ReadStrings("s"));

        Expect.Names(error, data, "CRC32C mismatch in string lengths", "s");
        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Table_block_mismatch_fails_open_with_the_block_offset()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder { EntriesPerBlock = 1 };
        builder.AddTensor("a", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f));
        var prefix = builder.Write(dir.Path);
        var secondBlock = (int)builder.Index!.DataBlocks[1].Offset;
        FlipBit(prefix + ".index", secondBlock + 1);

        var error = Expect.OpenFails<CheckpointChecksumException>(prefix);

        Expect.Names(error, prefix + ".index", "CRC32C mismatch in data block");
        Assert.Equal(secondBlock, error.Offset);
    }

    /// <summary>Flips the lowest bit of one byte of a file; returns the file's path.</summary>
    private static string FlipBit(string path, int at)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[at] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
