using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Bundle;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.Format.Bundle;

/// <summary>
/// The fast BundleHeaderProto decoder against Google.Protobuf: it must take the headers
/// TensorFlow writes, and whenever it accepts bytes (well-formed or mutated) it must read exactly
/// what Google.Protobuf reads; everything else must be left to the slow path.
/// </summary>
public sealed class HeaderWireTests
{
    [Fact]
    public void Headers_as_TensorFlow_writes_them_take_the_fast_path_with_the_same_fields()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var proto = RandomHeader(random, badConsumers: false);

            Assert.True(HeaderWire.TryDecode(proto.ToByteArray(), out var fields), proto.ToString());
            AssertSame(proto, fields);
        }
    }

    [Fact]
    public void Mutated_headers_are_either_declined_or_read_as_Google_Protobuf_reads_them()
    {
        var random = new Random(4);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = RandomHeader(random, badConsumers: random.Next(4) == 0).ToByteArray();
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            if (!HeaderWire.TryDecode(bytes, out var fields))
            {
                continue;
            }
            accepted++;
            AssertSame(BundleHeaderProto.Parser.ParseFrom(bytes), fields);
        }
        Assert.InRange(accepted, 1000, 20_000);
    }

    [Theory]
    [InlineData(new byte[] { 0x1a, 0x02, 0x18, 0x01 })]                   // bad_consumers: the slow path reads the list
    [InlineData(new byte[] { 0x1a, 0x03, 0x1a, 0x01, 0x01 })]             // bad_consumers, packed
    [InlineData(new byte[] { 0x1a, 0x00, 0x1a, 0x00 })]                   // the version twice: protobuf merges
    [InlineData(new byte[] { 0x20, 0x01 })]                               // an unknown field
    [InlineData(new byte[] { 0x0a, 0x00 })]                               // num_shards with the wrong wire type
    [InlineData(new byte[] { 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 })] // a negative endianness
    [InlineData(new byte[] { 0x08, 0x80, 0x80, 0x80, 0x80, 0x08 })]       // num_shards beyond int32
    [InlineData(new byte[] { 0x1a, 0x05, 0x08 })]                         // a length past the end
    [InlineData(new byte[] { 0x1a, 0x01, 0x08 })]                         // a truncated producer
    public void Anything_unusual_is_left_to_Google_Protobuf(byte[] bytes)
    {
        Assert.False(HeaderWire.TryDecode(bytes, out _));
    }

    private static BundleHeaderProto RandomHeader(Random random, bool badConsumers)
    {
        var proto = new BundleHeaderProto
        {
            NumShards = random.Next(3) == 0 ? random.Next() : random.Next(1, 8),
            Endianness = (BundleHeaderProto.Types.Endianness)random.Next(2),
        };
        if (random.Next(8) != 0)
        {
            proto.Version = new VersionDef { Producer = random.Next(3), MinConsumer = random.Next(3) };
            if (badConsumers)
            {
                proto.Version.BadConsumers.Add(random.Next(3));
            }
        }
        return proto;
    }

    private static void AssertSame(BundleHeaderProto proto, HeaderWire.Fields fields)
    {
        Assert.Equal(proto.NumShards, fields.NumShards);
        Assert.Equal((int)proto.Endianness, fields.Endianness);
        Assert.Equal(proto.Version is not null, fields.HasVersion);
        Assert.Equal(proto.Version?.Producer ?? 0, fields.Producer);
        Assert.Equal(proto.Version?.MinConsumer ?? 0, fields.MinConsumer);
        Assert.Equal(proto.Version?.BadConsumers.Contains(BundleHeader.Version) ?? false, fields.DisallowsThisReader);
    }
}
