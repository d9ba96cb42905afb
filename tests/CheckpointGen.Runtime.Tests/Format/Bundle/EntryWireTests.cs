using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Bundle;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.Format.Bundle;

/// <summary>
/// The fast BundleEntryProto decoder against Google.Protobuf: it must take the entries TensorFlow
/// writes for unpartitioned tensors, and whenever it accepts bytes (well-formed or mutated) it
/// must read exactly what Google.Protobuf reads; everything else must be left to the slow path.
/// </summary>
public sealed class EntryWireTests
{
    [Fact]
    public void Entries_as_TensorFlow_writes_them_take_the_fast_path_with_the_same_fields()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var proto = RandomEntry(random);
            var dims = new long[1];

            Assert.True(EntryWire.TryDecode(proto.ToByteArray(), ref dims, out var fields), proto.ToString());
            AssertSame(proto, fields, dims);
        }
    }

    [Fact]
    public void Mutated_entries_are_either_declined_or_read_as_Google_Protobuf_reads_them()
    {
        var random = new Random(8);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = RandomEntry(random).ToByteArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            var dims = new long[1];
            if (!EntryWire.TryDecode(bytes, ref dims, out var fields))
            {
                continue;
            }
            accepted++;
            var proto = BundleEntryProto.Parser.ParseFrom(bytes);
            AssertSame(proto, fields, dims);
        }
        Assert.InRange(accepted, 1000, 20_000);
    }

    [Theory]
    [InlineData(new byte[] { 0x3a, 0x00 })]                               // slices: the slow path builds them
    [InlineData(new byte[] { 0x12, 0x02, 0x18, 0x01 })]                   // unknown_rank
    [InlineData(new byte[] { 0x12, 0x05, 0x12, 0x03, 0x12, 0x01, 0x61 })] // a named dimension
    [InlineData(new byte[] { 0x40, 0x01 })]                               // an unknown field
    [InlineData(new byte[] { 0x0a, 0x00 })]                               // dtype with the wrong wire type
    [InlineData(new byte[] { 0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })] // a negative offset
    [InlineData(new byte[] { 0x18, 0x80, 0x80, 0x80, 0x80, 0x08 })]       // shard_id beyond int32
    [InlineData(new byte[] { 0x12, 0x00, 0x12, 0x00 })]                   // the shape twice: protobuf merges
    [InlineData(new byte[] { 0x35, 0x01, 0x02 })]                         // a truncated fixed32
    [InlineData(new byte[] { 0x12, 0x05, 0x12 })]                         // a length past the end
    public void Anything_unusual_is_left_to_Google_Protobuf(byte[] bytes)
    {
        var dims = new long[1];

        Assert.False(EntryWire.TryDecode(bytes, ref dims, out _));
    }

    private static BundleEntryProto RandomEntry(Random random)
    {
        var proto = new BundleEntryProto
        {
            Dtype = (DataType)random.Next(0, 30),
            ShardId = random.Next(0, 3) == 0 ? random.Next() : random.Next(4),
            Offset = random.NextInt64(0, long.MaxValue) >> random.Next(64),
            Size = random.NextInt64(0, long.MaxValue) >> random.Next(64),
            Crc32C = (uint)random.NextInt64(0, 1L << 32),
        };
        if (random.Next(8) != 0)
        {
            proto.Shape = new TensorShapeProto();
            for (var rank = random.Next(0, 6); rank > 0; rank--)
            {
                proto.Shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = random.NextInt64(0, long.MaxValue) >> random.Next(64) });
            }
        }
        return proto;
    }

    private static void AssertSame(BundleEntryProto proto, EntryWire.Fields fields, long[] dims)
    {
        Assert.Equal((int)proto.Dtype, fields.DataType);
        Assert.Equal(proto.ShardId, fields.ShardId);
        Assert.Equal(proto.Offset, fields.Offset);
        Assert.Equal(proto.Size, fields.Size);
        Assert.Equal(proto.Crc32C, fields.Crc32C);
        Assert.Empty(proto.Slices);
        Assert.False(proto.Shape?.UnknownRank ?? false);
        Assert.Equal(proto.Shape?.Dim.Select(d => d.Size).ToArray() ?? Array.Empty<long>(), dims.AsSpan(0, fields.Rank).ToArray());
    }
}
