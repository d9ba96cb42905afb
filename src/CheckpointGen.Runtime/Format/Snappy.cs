using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format;

/// <summary>
/// Snappy decompression of table blocks. Real TensorFlow indexes (TF 1.14, 2.10, 2.14) are
/// written with Snappy blocks. Written here rather than taken from a package so that every
/// malformed input ends as a <see cref="CheckpointFormatException"/> with an offset, and so the
/// output size is checked against what the input can possibly expand to before allocating.
/// </summary>
internal static class Snappy
{
    /// <summary>
    /// No Snappy element expands more than 64 bytes from 2 input bytes (a 1-byte-offset copy
    /// yields at most 11 bytes, a 2-byte one at most 64 from 3 bytes), so a declared length above
    /// this multiple of the input can only be a lie.
    /// </summary>
    private const int MaxExpansion = 32;

    /// <summary>Decompresses into <paramref name="buffer"/>, reused across blocks and grown as needed.</summary>
    /// <returns>The decompressed bytes, at the start of <paramref name="buffer"/>.</returns>
    public static ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> input, scoped ref byte[]? buffer, string file, long fileOffset)
    {
        var reader = new SpanReader(input, file, fileOffset);
        var declared = reader.ReadVarint32("snappy uncompressed length");
        if (declared > (ulong)input.Length * MaxExpansion + 64)
        {
            throw new CheckpointFormatException(
                $"snappy block declares {declared} uncompressed bytes from {input.Length} compressed bytes, more than the format allows",
                file, fileOffset);
        }
        if (buffer is null || buffer.Length < declared)
        {
            buffer = new byte[Math.Max(declared, (uint)(buffer?.Length ?? 0) * 2)];
        }
        var output = buffer.AsSpan(0, (int)declared);
        var src = input.Slice(reader.Position);
        var srcBase = fileOffset + reader.Position;
        var s = 0;
        var d = 0;
        while (s < src.Length)
        {
            var tag = src[s++];
            int length;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        var extra = length - 59;
                        if (s + extra > src.Length)
                        {
                            throw Fail("truncated literal length", s);
                        }
                        length = 0;
                        for (var k = 0; k < extra; k++)
                        {
                            length |= src[s + k] << (8 * k);
                        }
                        // Four length bytes can hold 2^31-1, which the increment below would wrap.
                        if (length < 0 || length == int.MaxValue)
                        {
                            throw Fail("literal length overflows", s);
                        }
                        s += extra;
                    }
                    length++;
                    if (length > src.Length - s || length > output.Length - d)
                    {
                        throw Fail("literal runs past the end of the block", s);
                    }
                    src.Slice(s, length).CopyTo(output.Slice(d));
                    s += length;
                    d += length;
                    continue;
                case 1:
                    if (s + 1 > src.Length)
                    {
                        throw Fail("truncated copy", s);
                    }
                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | src[s];
                    s += 1;
                    break;
                case 2:
                    if (s + 2 > src.Length)
                    {
                        throw Fail("truncated copy", s);
                    }
                    length = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(s));
                    s += 2;
                    break;
                default:
                    if (s + 4 > src.Length)
                    {
                        throw Fail("truncated copy", s);
                    }
                    length = 1 + (tag >> 2);
                    var wide = BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(s));
                    if (wide > int.MaxValue)
                    {
                        throw Fail("copy offset overflows", s);
                    }
                    offset = (int)wide;
                    s += 4;
                    break;
            }
            if (offset == 0 || offset > d)
            {
                throw Fail($"copy offset {offset} outside the {d} bytes produced so far", s);
            }
            if (length > output.Length - d)
            {
                throw Fail("copy runs past the declared length", s);
            }
            if (offset >= length)
            {
                output.Slice(d - offset, length).CopyTo(output.Slice(d));
            }
            else
            {
                // Overlapping copies repeat a pattern; they must go byte by byte.
                for (var k = 0; k < length; k++)
                {
                    output[d + k] = output[d - offset + k];
                }
            }
            d += length;
        }
        if (d != output.Length)
        {
            throw new CheckpointFormatException(
                $"snappy block produced {d} bytes, {output.Length} declared", file, fileOffset);
        }
        return output;

        CheckpointFormatException Fail(string message, int at) =>
            new($"corrupt snappy block: {message}", file, srcBase + at);
    }
}
