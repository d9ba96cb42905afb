namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// The fast path for decoding a BundleHeaderProto: num_shards, endianness and a version with
/// producer and min_consumer, as TensorFlow writes them, read straight from the bytes so that
/// opening a checkpoint does not load Google.Protobuf (a few milliseconds of every small
/// command's start). Anything else (bad_consumers, unknown fields, unexpected wire types,
/// negative or overlong varints, the version given twice, a truncation) makes it decline, and
/// the caller parses the value with Google.Protobuf, which decides every unusual case.
/// </summary>
internal static class HeaderWire
{
    private const byte NumShardsTag = (1 << 3) | 0;
    private const byte EndiannessTag = (2 << 3) | 0;
    private const byte VersionTag = (3 << 3) | 2;
    private const byte ProducerTag = (1 << 3) | 0;
    private const byte MinConsumerTag = (2 << 3) | 0;

    /// <summary>The header's fields, defaults where absent, as protobuf has them.</summary>
    public struct Fields
    {
        public int NumShards;
        public int Endianness;
        public bool HasVersion;
        public int Producer;
        public int MinConsumer;

        /// <summary>Whether the version lists this reader's version among its bad consumers.</summary>
        public bool DisallowsThisReader;
    }

    /// <summary>Decodes <paramref name="value"/>, or returns false for the slow path to decide.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out Fields fields)
    {
        fields = default;
        var p = 0;
        while (p < value.Length)
        {
            switch (value[p++])
            {
                // A scalar given twice is legal protobuf: the last one counts, as here.
                case NumShardsTag:
                    if (!WireVarint.TryReadInt32(value, ref p, out fields.NumShards))
                    {
                        return false;
                    }
                    break;
                case EndiannessTag:
                    if (!WireVarint.TryReadInt32(value, ref p, out fields.Endianness))
                    {
                        return false;
                    }
                    break;
                case VersionTag:
                    // A second version message would be merged into the first: the slow path's business.
                    if (fields.HasVersion || !WireVarint.TryReadLength(value, ref p, out var length) || !TryReadVersion(value.Slice(p, length), ref fields))
                    {
                        return false;
                    }
                    fields.HasVersion = true;
                    p += length;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static bool TryReadVersion(ReadOnlySpan<byte> version, ref Fields fields)
    {
        var p = 0;
        while (p < version.Length)
        {
            switch (version[p++])
            {
                case ProducerTag:
                    if (!WireVarint.TryReadInt32(version, ref p, out fields.Producer))
                    {
                        return false;
                    }
                    break;
                case MinConsumerTag:
                    if (!WireVarint.TryReadInt32(version, ref p, out fields.MinConsumer))
                    {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
