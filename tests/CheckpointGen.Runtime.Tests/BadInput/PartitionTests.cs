using CheckpointGen.Protos;
using CheckpointGen.Runtime.Reading;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Partitioned variables (BundleEntryProto.slices) whose slices or partitions are wrong.</summary>
public sealed class PartitionTests
{
    private static readonly Dictionary<string, (TensorSliceProto Slice, string Reason)> BadSlices = new()
    {
        ["negative start"] = (Messages.Slice((-1, 2), (0, null)), "slice extent 0 (start -1, length 2) is negative"),
        ["negative length"] = (Messages.Slice((0, -5), (0, null)), "slice extent 0 (start 0, length -5) is negative"),
        ["start+length overflows"] = (Messages.Slice((1, long.MaxValue), (0, null)), "slice extent 0 [1, 1+9223372036854775807) exceeds dimension size 4"),
        ["start and length at the maximum"] = (Messages.Slice((long.MaxValue, long.MaxValue), (0, null)), "exceeds dimension size 4"),
        ["extent past the dimension"] = (Messages.Slice((2, 3), (0, null)), "slice extent 0 [2, 2+3) exceeds dimension size 4"),
        ["rank too small"] = (Messages.Slice((0, 4)), "slice has 1 extents for a rank-2 tensor"),
        ["rank too large"] = (Messages.Slice((0, 4), (0, null), (0, null)), "slice has 3 extents for a rank-2 tensor"),
        ["whole dimension not from 0"] = (Messages.Slice((0, null), (1, null)), "slice extent 1 covers the whole dimension but starts at 1"),
    };

    public static TheoryData<string> BadExtents() => new(BadSlices.Keys);

    [Fact]
    public void Partitioned_variable_reads_back_whole()
    {
        using var dir = new TempDirectory();
        var prefix = TwoRowPartitions(dir, addSecond: true);
        using var checkpoint = Checkpoint.Open(prefix);

        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f }, checkpoint.Read<float>("p"));
        Assert.Equal(2, checkpoint.GetVariable("p").Slices.Count);
        Assert.Empty(checkpoint.VerifyAll());
    }

    [Theory]
    [MemberData(nameof(BadExtents))]
    public void Invalid_slice_extents_are_refused_at_open(string problem)
    {
        var (slice, reason) = BadSlices[problem];

        Expect.IndexRefused(b => b.AddPartitioned("p", DataType.DtFloat, new long[] { 4, 2 }, slice), reason, "p");
    }

    [Fact]
    public void Missing_partition_entry_fails_the_read_naming_the_tensor_and_slice()
    {
        using var dir = new TempDirectory();
        var prefix = TwoRowPartitions(dir, addSecond: false, out var whole);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("p"));
        var problem = Assert.Single(checkpoint.VerifyAll());

        Expect.Names(error, prefix + ".index", "partition 2,2:- has no entry in the index", "p");
        Assert.Equal(ValueOffset(prefix, whole), error.Offset);
        Assert.Equal("p", problem.TensorName);
    }

    [Fact]
    public void Partition_stored_with_another_shape_is_refused()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddPartitioned("p", DataType.DtFloat, new long[] { 4 }, Messages.Slice((0, 4)));
        var part = builder.AddSlice("p", Messages.Slice((0, 4)), DataType.DtFloat, new long[] { 2 }, Values.Bytes(1f, 2f));
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("p"));

        Expect.Names(error, prefix + ".index", "partition 0,4 is stored as float32 [2]; expected float32 [4]", "p");
        Assert.Equal(ValueOffset(prefix, part), error.Offset);
    }

    [Fact]
    public void Partitions_that_leave_elements_uncovered_are_refused_before_allocating_the_whole()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        var whole = builder.AddPartitioned("p", DataType.DtFloat, new long[] { 1L << 28 }, Messages.Slice((0, 1)));
        builder.AddSlice("p", Messages.Slice((0, 1)), DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f));
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("p"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Expect.Names(error, prefix + ".index", "partitions hold 1 of the 268435456 elements", "p");
        Assert.Equal(ValueOffset(prefix, whole), error.Offset);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for partitions that are not there");
    }

    [Fact]
    public void Partitions_sharing_the_same_bytes_cannot_inflate_the_tensor_beyond_the_data_file()
    {
        using var dir = new TempDirectory();
        const int rows = 64;
        var builder = new BundleBuilder();
        var slices = Enumerable.Range(0, rows).Select(r => Messages.Slice((r, 1), (0, null))).ToArray();
        builder.AddPartitioned("p", DataType.DtFloat, new long[] { rows, 4 }, slices);
        var first = builder.AddSlice("p", slices[0], DataType.DtFloat, new long[] { 1, 4 }, Values.Bytes(1f, 2f, 3f, 4f));
        foreach (var slice in slices.Skip(1))
        {
            var alias = builder.AddSlice("p", slice, DataType.DtFloat, new long[] { 1, 4 }, Array.Empty<byte>());
            alias.Offset = first.Offset;
            alias.Size = first.Size;
            alias.Crc32C = first.Crc32C;
        }
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadArray("p"));

        Expect.Names(error, BundleStore.DataFilePath(prefix, 0, 1), "partitions take 1024 bytes of the 16-byte data file", "p");
    }

    [Fact]
    public void Partition_entry_that_is_itself_partitioned_is_refused() =>
        Expect.IndexRefused(
            b =>
            {
                b.AddPartitioned("p", DataType.DtFloat, new long[] { 2 }, Messages.Slice((0, 2)));
                b.AddSlice("p", Messages.Slice((0, 2)), DataType.DtFloat, new long[] { 2 }, Values.Bytes(1f, 2f)).Slices.Add(Messages.Slice((0, 2)));
            },
            "a partition's entry is itself partitioned");

    private static string TwoRowPartitions(TempDirectory dir, bool addSecond) => TwoRowPartitions(dir, addSecond, out _);

    private static string TwoRowPartitions(TempDirectory dir, bool addSecond, out BundleEntryProto whole)
    {
        var builder = new BundleBuilder();
        var top = Messages.Slice((0, 2), (0, null));
        var bottom = Messages.Slice((2, 2), (0, null));
        whole = builder.AddPartitioned("p", DataType.DtFloat, new long[] { 4, 2 }, top, bottom);
        builder.AddSlice("p", top, DataType.DtFloat, new long[] { 2, 2 }, Values.Bytes(1f, 2f, 3f, 4f));
        if (addSecond)
        {
            builder.AddSlice("p", bottom, DataType.DtFloat, new long[] { 2, 2 }, Values.Bytes(5f, 6f, 7f, 8f));
        }
        return builder.Write(dir.Path);
    }

    /// <summary>Where an entry's value is in an uncompressed index: the offset errors about it must name.</summary>
    private static long ValueOffset(string prefix, BundleEntryProto entry)
    {
        var index = File.ReadAllBytes(prefix + ".index").AsSpan();
        var value = entry.ToByteArray();
        var at = index.IndexOf(value);
        Assert.True(at >= 0 && at == index.LastIndexOf(value), "the entry's bytes are not in the index exactly once");
        return at;
    }
}
