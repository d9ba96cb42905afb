using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Snappy-compressed index blocks whose lengths or copy offsets lie.</summary>
public sealed class SnappyTests
{
    public static TheoryData<string, byte[], string> LyingStreams() => new()
    {
        { "declared length beyond any expansion", Concat(Wire.Varint(1_000_000_000), new byte[] { 0x00, 0x41 }), "declares 1000000000 uncompressed bytes" },
        { "declared length shorter than the literal", Concat(Wire.Varint(1), new byte[] { 0x04, 0x41, 0x42 }), "literal runs past the end of the block" },
        { "declared length longer than produced", Concat(Wire.Varint(9), new byte[] { 0x04, 0x41, 0x42 }), "produced 2 bytes, 9 declared" },
        { "literal longer than the input", Concat(Wire.Varint(40), new byte[] { 0x9c, 0x41 }), "literal runs past the end of the block" },
        { "literal length of 2^31-1", Concat(Wire.Varint(40), new byte[] { 0xfc, 0xff, 0xff, 0xff, 0x7f, 0x41 }), "literal length overflows" },
        { "truncated literal length", Concat(Wire.Varint(40), new byte[] { 0xf4, 0xff }), "truncated literal length" },
        { "copy offset 0", Concat(Wire.Varint(6), new byte[] { 0x04, 0x41, 0x42, 0x01, 0x00 }), "copy offset 0 outside the 2 bytes produced so far" },
        { "copy offset beyond the output", Concat(Wire.Varint(6), new byte[] { 0x04, 0x41, 0x42, 0x02, 0x05, 0x00 }), "copy offset 5 outside the 2 bytes produced so far" },
        { "copy past the declared length", Concat(Wire.Varint(4), new byte[] { 0x04, 0x41, 0x42, 0x0e, 0x02, 0x00 }), "copy runs past the declared length" },
        { "copy offset of 2^32-1", Concat(Wire.Varint(4), new byte[] { 0x04, 0x41, 0x42, 0x07, 0xff, 0xff, 0xff, 0xff }), "copy offset overflows" },
        { "truncated copy", Concat(Wire.Varint(4), new byte[] { 0x04, 0x41, 0x42, 0x02, 0x01 }), "truncated copy" },
        { "truncated uncompressed length", new byte[] { 0x80 }, "truncated varint" },
    };

    [Theory]
    [MemberData(nameof(LyingStreams))]
    public void Lying_snappy_block_is_refused_with_the_block_offset(string what, byte[] stream, string reason)
    {
        var header = new TableEntry(Array.Empty<byte>(), new BundleHeaderProto { NumShards = 1 }.ToByteArray());
        var table = new TableBuilder().AddBlock(new[] { header }).AddStoredBlock(stream, TableFormat.SnappyCompression, Wire.Utf8("z"));
        var index = table.Build();
        var block = table.DataBlocks[1];

        var error = Expect.TableRefused(index, reason);

        Assert.InRange(error.Offset!.Value, (long)block.Offset, (long)(block.Offset + block.Size));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Overlapping_copy_repeats_the_pattern()
    {
        using var dir = new TempDirectory();
        var contents = BlockEncoder.Encode(new[] { new TableEntry(Array.Empty<byte>(), new BundleHeaderProto { NumShards = 1 }.ToByteArray()), new TableEntry(Wire.Utf8("aaaaaaaa"), new BundleEntryProto { Dtype = DataType.DtFloat, Size = 4 }.ToByteArray()) });
        var key = Array.IndexOf(contents, (byte)'a');
        // Literal up to the first 'a', then one copy of length 7 at offset 1 writes the other seven.
        var stream = new MemoryStream();
        Wire.WriteVarint(stream, (ulong)contents.Length);
        SnappyLiterals.WriteLiteralTag(stream, key + 1);
        stream.Write(contents, 0, key + 1);
        stream.Write(new byte[] { (7 - 1) << 2 | 2, 0x01, 0x00 });
        SnappyLiterals.WriteLiteralTag(stream, contents.Length - key - 8);
        stream.Write(contents, key + 8, contents.Length - key - 8);
        var path = dir.Combine("model.ckpt.index");
        File.WriteAllBytes(path, new TableBuilder().AddStoredBlock(stream.ToArray(), TableFormat.SnappyCompression, Wire.Utf8("aaaaaaaa")).Build());

        using var checkpoint = Checkpoint.Open(path);

        Assert.Equal("aaaaaaaa", Assert.Single(checkpoint.Variables).Name);
    }

    private static byte[] Concat(byte[] a, byte[] b) => a.Concat(b).ToArray();
}
