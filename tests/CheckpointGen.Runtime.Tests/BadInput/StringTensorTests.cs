using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Reading;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>DT_STRING tensors whose lengths or counts do not fit their bytes.</summary>
public sealed class StringTensorTests
{
    [Fact]
    public void String_length_past_the_buffer_is_refused_naming_the_tensor()
    {
        var error = ReadFails(new long[] { 2 }, StringBytes(new ulong[] { 2, 200 }, Wire.Utf8("ab")), "string 1 of length 200 runs past the tensor's");

        Assert.NotNull(error.Offset);
    }

    [Fact]
    public void String_length_of_2_to_the_64_minus_1_is_refused() =>
        ReadFails(new long[] { 2 }, StringBytes(new ulong[] { 1, ulong.MaxValue }, Wire.Utf8("a")), "string 1 of length 18446744073709551615 runs past the tensor's");

    [Fact]
    public void Bytes_after_the_last_string_are_refused() =>
        ReadFails(new long[] { 1 }, StringBytes(new ulong[] { 1 }, Wire.Utf8("ab")), "1 bytes follow the last string");

    [Fact]
    public void Huge_declared_string_count_is_refused_at_open() =>
        Expect.IndexRefused(b => b.AddStrings("s", new long[] { 1L << 40 }, Wire.Utf8("a")), "too small for 1099511627776 strings", "s");

    [Fact]
    public void String_count_the_data_file_cannot_hold_is_refused_before_allocating()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddStrings("s", new long[] { 1L << 26 }, Wire.Utf8("a")).Size = 1L << 26;
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadStrings("s"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Expect.Names(error, BundleStore.DataFilePath(prefix, 0, 1), "past the end of the", "s");
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for strings that are not there");
    }

    /// <summary>Reading string tensor 's' stored as <paramref name="data"/> fails naming the data file, the tensor and <paramref name="reason"/>.</summary>
    private static CheckpointFormatException ReadFails(long[] shape, byte[] data, string reason)
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddTensor("s", DataType.DtString, shape, data);
        var prefix = builder.Write(dir.Path);
        using var checkpoint = Checkpoint.Open(prefix);

        var error = Assert.Throws<CheckpointFormatException>(() => checkpoint.ReadStrings("s"));

        Expect.Names(error, BundleStore.DataFilePath(prefix, 0, 1), reason, "s");
        return error;
    }

    /// <summary>The V2 string layout with the given lengths (not necessarily those of <paramref name="bytes"/>).</summary>
    private static byte[] StringBytes(ulong[] lengths, byte[] bytes)
    {
        using var stream = new MemoryStream();
        var crc = 0u;
        foreach (var length in lengths)
        {
            Wire.WriteVarint(stream, length);
            crc = Crc32C.Append(crc, BitConverter.GetBytes(length).AsSpan(0, length <= uint.MaxValue ? 4 : 8));
        }
        Wire.WriteFixed32(stream, Crc32C.Mask(crc));
        stream.Write(bytes);
        return stream.ToArray();
    }
}
