using System.Runtime.CompilerServices;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// The varint readers of the fast wire decoders (<see cref="EntryWire"/>, <see cref="HeaderWire"/>):
/// each reads only what it can be sure of and returns false otherwise, so that the decoder
/// declines and Google.Protobuf decides. The decoding itself is <see cref="VarintDecoder"/>'s.
/// </summary>
internal static class WireVarint
{
    /// <summary>A length prefix that fits in what remains.</summary>
    public static bool TryReadLength(ReadOnlySpan<byte> bytes, ref int p, out int length)
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
    public static bool TryReadInt32(ReadOnlySpan<byte> bytes, ref int p, out int value)
    {
        if (p < bytes.Length && bytes[p] < 0x80)
        {
            value = bytes[p++];
            return true;
        }
        var ok = VarintDecoder.TryRead(bytes, ref p, 5, out var wide) && wide <= int.MaxValue;
        value = (int)wide;
        return ok;
    }

    /// <summary>A non-negative int64: at most nine bytes (negative values take ten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadInt64(ReadOnlySpan<byte> bytes, ref int p, out long value)
    {
        var ok = VarintDecoder.TryRead(bytes, ref p, 9, out var wide);
        value = (long)wide;
        return ok;
    }
}
