using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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
                    if (!TryReadInt32(value, ref p, out fields.DataType))
                    {
                        return false;
                    }
                    break;
                case ShapeTag:
                    if (sawShape || !TryReadLength(value, ref p, out var length) || !TryReadDims(value.Slice(p, length), ref dims, out fields.Rank))
                    {
                        return false;
                    }
                    sawShape = true;
                    p += length;
                    break;
                case ShardIdTag:
                    if (!TryReadInt32(value, ref p, out fields.ShardId))
                    {
                        return false;
                    }
                    break;
                case OffsetTag:
                    if (!TryReadInt64(value, ref p, out fields.Offset))
                    {
                        return false;
                    }
                    break;
                case SizeTag:
                    if (!TryReadInt64(value, ref p, out fields.Size))
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
            if (shape[p++] != DimTag || !TryReadLength(shape, ref p, out var length))
            {
                return false;
            }
            var dim = shape.Slice(p, length);
            p += length;
            long size = 0;
            var q = 0;
            while (q < dim.Length)
            {
                if (dim[q++] != DimSizeTag || !TryReadInt64(dim, ref q, out size))
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

    /// <summary>A length prefix that fits in what remains.</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> bytes, ref int p, out int length)
    {
        length = 0;
        if (!TryReadInt32(bytes, ref p, out length))
        {
            return false;
        }
        return length <= bytes.Length - p;
    }

    /// <summary>A non-negative varint below 2^31 in at most five bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadInt32(ReadOnlySpan<byte> bytes, ref int p, out int value)
    {
        if (p < bytes.Length && bytes[p] < 0x80)
        {
            value = bytes[p++];
            return true;
        }
        var ok = TryReadVarint(bytes, ref p, 5, out var wide) && wide <= int.MaxValue;
        value = (int)wide;
        return ok;
    }

    /// <summary>A non-negative int64: at most nine bytes (negative values take ten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadInt64(ReadOnlySpan<byte> bytes, ref int p, out long value)
    {
        var ok = TryReadVarint(bytes, ref p, 9, out var wide);
        value = (long)wide;
        return ok;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int p, int maxBytes, out ulong value)
    {
        value = 0;
        var end = Math.Min(bytes.Length, p + maxBytes);
        for (var shift = 0; p < end; shift += 7)
        {
            var b = bytes[p++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        return false;
    }
}
