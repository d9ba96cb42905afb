using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// The V2 layout of a DT_STRING tensor: a varint64 length per element, the masked CRC32C of
/// those lengths (each fed as 4 little-endian bytes, or 8 when above 2^32-1), then the bytes.
/// The entry's checksum is not over the stored bytes: it covers the length words as fed to the
/// lengths checksum, then the 4 checksum bytes, then the string bytes.
/// </summary>
internal static class StringTensorCodec
{
    /// <summary>Decodes the elements; <paramref name="entryCrc"/> is what the entry's CRC32C should be.</summary>
    public static byte[][] Decode(ReadOnlySpan<byte> data, long count, string file, long fileOffset, string tensorName, out uint entryCrc)
    {
        // Each element has at least a one-byte length, so the stored size bounds the count.
        if (count > data.Length)
        {
            throw new CheckpointFormatException($"{count} strings cannot fit in {data.Length} bytes", file, fileOffset, tensorName);
        }
        var reader = new SpanReader(data, file, fileOffset);
        var lengths = new ulong[count];
        var lengthsCrc = 0u;
        Span<byte> word = stackalloc byte[8];
        ulong total = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var length = reader.ReadVarint64("string length");
            lengths[i] = length;
            if (length > (ulong)data.Length - total)
            {
                throw new CheckpointFormatException(
                    $"string {i} of length {length} runs past the tensor's {data.Length} bytes", file, reader.FileOffset, tensorName);
            }
            total += length;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(word, length);
            lengthsCrc = Crc32C.Append(lengthsCrc, word.Slice(0, length <= uint.MaxValue ? 4 : 8));
        }
        var checksumBytes = reader.ReadBytes(4, "string lengths checksum");
        var storedCrc = Crc32C.Unmask(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(checksumBytes));
        entryCrc = Crc32C.Append(lengthsCrc, checksumBytes);
        if (storedCrc != lengthsCrc)
        {
            throw new CheckpointChecksumException("string lengths", storedCrc, lengthsCrc, file, reader.FileOffset - 4, tensorName);
        }
        var result = new byte[count][];
        for (var i = 0; i < result.Length; i++)
        {
            var bytes = reader.ReadBytes((int)lengths[i], "string bytes");
            entryCrc = Crc32C.Append(entryCrc, bytes);
            result[i] = bytes.ToArray();
        }
        if (reader.Remaining != 0)
        {
            throw new CheckpointFormatException($"{reader.Remaining} bytes follow the last string", file, reader.FileOffset, tensorName);
        }
        return result;
    }

    /// <summary>Encodes strings in the layout <see cref="Decode"/> reads.</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> values)
    {
        using var stream = new MemoryStream();
        var lengthsCrc = 0u;
        Span<byte> word = stackalloc byte[10];
        foreach (var value in values)
        {
            var length = (ulong)value.Length;
            var n = 0;
            var v = length;
            while (v >= 0x80)
            {
                word[n++] = (byte)(v | 0x80);
                v >>= 7;
            }
            word[n++] = (byte)v;
            stream.Write(word.Slice(0, n).ToArray(), 0, n);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(word, length);
            lengthsCrc = Crc32C.Append(lengthsCrc, word.Slice(0, 4));
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(word, Crc32C.Mask(lengthsCrc));
        stream.Write(word.Slice(0, 4).ToArray(), 0, 4);
        foreach (var value in values)
        {
            stream.Write(value, 0, value.Length);
        }
        return stream.ToArray();
    }
}
