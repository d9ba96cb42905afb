using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>The header entry and the protobuf values of an index.</summary>
public sealed class HeaderAndEntryTests
{
    [Fact]
    public void Missing_header_entry_is_refused_at_the_first_tensor() =>
        Expect.IndexRefused(
            b =>
            {
                b.IncludeHeader = false;
                b.AddTensor("w", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f));
            },
            "index has no header entry (empty key) before its first tensor");

    [Fact]
    public void Index_with_no_entries_at_all_is_refused() =>
        Expect.IndexRefused(b => b.IncludeHeader = false, "index has no header entry (empty key): the table is empty");

    [Fact]
    public void Header_that_is_not_a_protobuf_is_refused_without_leaking_the_parser_exception()
    {
        var error = Expect.IndexRefused(
            b =>
            {
                b.IncludeHeader = false;
                b.AddRaw(Array.Empty<byte>(), () => new byte[] { 0x0a, 0xff, 0xff });
            },
            "header entry is not a BundleHeaderProto");

        Assert.IsType<InvalidProtocolBufferException>(error.InnerException);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x12, 0x05, 0x00 })]
    [InlineData(new byte[] { 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    public void Entry_that_is_not_a_protobuf_is_refused_naming_the_tensor(byte[] value)
    {
        var error = Expect.IndexRefused(b => b.AddRaw(Wire.Utf8("garbage"), () => value), "entry is not a BundleEntryProto", "garbage");

        Assert.NotNull(error.Offset);
        Assert.IsType<InvalidProtocolBufferException>(error.InnerException);
    }

    [Fact]
    public void Entry_hitting_the_protobuf_parser_length_overflow_is_refused_as_a_format_error()
    {
        // A shape whose length prefix is near 2^31, then a truncated varint: Google.Protobuf
        // throws IndexOutOfRangeException here (protocolbuffers/protobuf#26856).
        var value = new byte[] { 0x12, 0xff, 0xff, 0xff, 0xff, 0x67, 0x12, 0xcc };

        var error = Expect.IndexRefused(b => b.AddRaw(Wire.Utf8("w"), () => value), "entry is not a BundleEntryProto", "w");

        // Fails once a Google.Protobuf upgrade fixes the bug: then ProtoParsing's extra catch can go.
        Assert.IsType<IndexOutOfRangeException>(error.InnerException);
    }

    [Fact]
    public void Object_graph_hitting_the_protobuf_parser_length_overflow_is_only_a_warning()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        builder.AddStrings("_CHECKPOINTABLE_OBJECT_GRAPH", Array.Empty<long>(), new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x67, 0x0a, 0xcc });
        builder.AddTensor("w/.ATTRIBUTES/VARIABLE_VALUE", DataType.DtFloat, new long[] { 1 }, Values.Bytes(1f));
        var prefix = builder.Write(dir.Path);

        using var checkpoint = Checkpoint.Open(prefix);

        Assert.Contains(checkpoint.Warnings, w => w.Contains("object graph", StringComparison.Ordinal));
        Assert.Equal(new[] { 1f }, checkpoint.Read<float>("w/.ATTRIBUTES/VARIABLE_VALUE"));
    }

    [Fact]
    public void Tensor_key_that_is_not_utf8_is_refused() =>
        Expect.IndexRefused(
            b => b.AddEntry(new byte[] { 0x61, 0xc3, 0x28 }, new BundleEntryProto { Dtype = DataType.DtFloat, Size = 4 }),
            "tensor key is not valid UTF-8",
            "0x61c328");

    [Fact]
    public void Endianness_that_is_neither_little_nor_big_is_refused() =>
        Expect.IndexRefused(b => b.Header.Endianness = (BundleHeaderProto.Types.Endianness)7, "header declares endianness 7; expected 0 (little) or 1 (big)");

    [Fact]
    public void Header_needing_a_newer_reader_is_refused() =>
        Expect.IndexRefused(b => b.Header.Version.MinConsumer = 2, "needs a reader of version 2 or later");
}
