using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// The index key of one saved partition of a partitioned variable, in TensorFlow's
/// order-preserving encoding (saved_tensor_slice_util.cc, ordered_code.cc): 0, the escaped name,
/// the rank, then each dimension's start and length (-1 for the whole dimension). The first byte
/// is 0x00, so these keys sort right after the empty header key.
/// </summary>
internal static class SliceKey
{
    public static byte[] Encode(string tensorName, TensorSlice slice)
    {
        var output = new List<byte>(tensorName.Length + 8 + (slice.Rank * 4));
        WriteNumIncreasing(output, 0);
        WriteString(output, System.Text.Encoding.UTF8.GetBytes(tensorName));
        WriteNumIncreasing(output, (ulong)slice.Rank);
        foreach (var extent in slice.Extents)
        {
            WriteSignedNumIncreasing(output, extent.Start);
            WriteSignedNumIncreasing(output, extent.IsFull ? -1 : extent.Length);
        }
        return output.ToArray();
    }

    /// <summary>One length byte, then the value big-endian without leading zero bytes.</summary>
    internal static void WriteNumIncreasing(List<byte> output, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var skip = 0;
        while (skip < 8 && buffer[skip] == 0)
        {
            skip++;
        }
        output.Add((byte)(8 - skip));
        for (var i = skip; i < 8; i++)
        {
            output.Add(buffer[i]);
        }
    }

    /// <summary>0x00 becomes 00 ff, 0xff becomes ff 00, and 00 01 ends the string.</summary>
    internal static void WriteString(List<byte> output, ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            output.Add(b);
            if (b == 0x00)
            {
                output.Add(0xff);
            }
            else if (b == 0xff)
            {
                output.Add(0x00);
            }
        }
        output.Add(0x00);
        output.Add(0x01);
    }

    /// <summary>
    /// A sign-extended big-endian form whose leading bits give the length, so byte order is
    /// numeric order: <c>0x80 ^ v</c> for -64 ≤ v &lt; 64, longer forms beyond.
    /// </summary>
    internal static void WriteSignedNumIncreasing(List<byte> output, long value)
    {
        var magnitude = value < 0 ? ~(ulong)value : (ulong)value;
        if (magnitude < 64)
        {
            output.Add((byte)(0x80 ^ (byte)value));
            return;
        }
        var bits = 64 - LeadingZeroCount(magnitude);
        var length = (bits / 7) + 1;
        Span<byte> buffer = stackalloc byte[10];
        var sign = value < 0 ? (byte)0xff : (byte)0x00;
        buffer[0] = sign;
        buffer[1] = sign;
        BinaryPrimitives.WriteInt64BigEndian(buffer.Slice(2), value);
        var encoded = buffer.Slice(10 - length);
        var header = HeaderBits(length);
        encoded[0] ^= (byte)(header >> 8);
        encoded[1] ^= (byte)header;
        foreach (var b in encoded)
        {
            output.Add(b);
        }
    }

    /// <summary>The length marker XORed into the first two bytes: one high bit per extra byte.</summary>
    private static ushort HeaderBits(int length) => (ushort)((0xFFFF << (16 - length)) & 0xFFFF);

    private static int LeadingZeroCount(ulong value)
    {
        var n = 0;
        while ((value & 0x8000_0000_0000_0000UL) == 0)
        {
            n++;
            value <<= 1;
        }
        return n;
    }
}
