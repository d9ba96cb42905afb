using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// The fast path for decoding a BundleEntryProto: the fields TensorFlow writes for an
/// unpartitioned tensor (dtype, shape dimensions, shard, offset, size, crc32c), read straight
/// from the bytes without a message object. Whatever it does not recognise (slices, dimension
/// names, unknown_rank, unknown fields, wire types it does not expect, negative or overlong
/// varints, a shape given twice, a truncation) makes it decline, and the caller parses the value
/// with Google.Protobuf instead: that slow path decides every unusual or malformed case, with the
/// same results and the same error messages as before this fast path existed.
/// </summary>
internal static class EntryWire
{
    private const byte DtypeTag = (1 << 3) | 0;
    private const byte ShapeTag = (2 << 3) | 2;
    private const byte ShardIdTag = (3 << 3) | 0;
    private const byte OffsetTag = (4 << 3) | 0;
    private const byte SizeTag = (5 << 3) | 0;
    private const byte Crc32CTag = (6 << 3) | 5;
    private const byte DimTag = (2 << 3) | 2;
    private const byte DimSizeTag = (1 << 3) | 0;

    /// <summary>The fields of one entry; the dimensions are in the buffer passed to <see cref="TryDecode"/>.</summary>
    public struct Fields
    {
        public int DataType;
        public int Rank;
        public int ShardId;
        public long Offset;
        public long Size;
        public uint Crc32C;
    }

    /// <summary>Decodes <paramref name="value"/>, or returns false for the slow path to decide.</summary>
    /// <param name="value">The entry's bytes.</param>
    /// <param name="dims">Receives the dimensions; grown as needed (never beyond half the value's length).</param>
    /// <param name="fields">The decoded fields, defaults where absent, as protobuf has them.</param>
    public static bool TryDecode(ReadOnlySpan<byte> value, ref long[] dims, out Fields fields)
    {
        fields = default;
        var sawShape = false;
        var p = 0;
        while (p < value.Length)
        {
            switch (value[p++])
            {
                case DtypeTag:
                    if (!WireVarint.TryReadInt32(value, ref p, out fields.DataType))
                    {
                        return false;
                    }
                    break;
                case ShapeTag:
                    if (sawShape || !WireVarint.TryReadLength(value, ref p, out var length) || !TryReadDims(value.Slice(p, length), ref dims, out fields.Rank))
                    {
                        return false;
                    }
                    sawShape = true;
                    p += length;
                    break;
                case ShardIdTag:
                    if (!WireVarint.TryReadInt32(value, ref p, out fields.ShardId))
                    {
                        return false;
                    }
                    break;
                case OffsetTag:
                    if (!WireVarint.TryReadInt64(value, ref p, out fields.Offset))
                    {
                        return false;
                    }
                    break;
                case SizeTag:
                    if (!WireVarint.TryReadInt64(value, ref p, out fields.Size))
                    {
                        return false;
                    }
                    break;
                case Crc32CTag:
                    if (value.Length - p < 4)
                    {
                        return false;
                    }
                    fields.Crc32C = BinaryPrimitives.ReadUInt32LittleEndian(value.Slice(p));
                    p += 4;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>A TensorShapeProto made only of dimensions with sizes.</summary>
    private static bool TryReadDims(ReadOnlySpan<byte> shape, ref long[] dims, out int rank)
    {
        rank = 0;
        var p = 0;
        while (p < shape.Length)
        {
            if (shape[p++] != DimTag || !WireVarint.TryReadLength(shape, ref p, out var length))
            {
                return false;
            }
            var dim = shape.Slice(p, length);
            p += length;
            long size = 0;
            var q = 0;
            while (q < dim.Length)
            {
                if (dim[q++] != DimSizeTag || !WireVarint.TryReadInt64(dim, ref q, out size))
                {
                    return false;
                }
            }
            if (rank == dims.Length)
            {
                // Each dimension takes at least two bytes of the entry, which bounds the growth.
                Array.Resize(ref dims, rank * 2);
            }
            dims[rank++] = size;
        }
        return true;
    }
}
