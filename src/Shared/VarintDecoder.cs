using System;
using System.Runtime.CompilerServices;

namespace CheckpointGen;

/// <summary>
/// The one base-128 varint decoder: the checkpoint readers (LevelDB tables, the fast wire decoders
/// of bundle entries and headers) and the tf.Example reader of inference code read varints through
/// it, and each turns a failure into its own answer (a CheckpointFormatException, a declined fast
/// path, an ExampleFormatException).
/// </summary>
internal static class VarintDecoder
{
    /// <summary>
    /// Reads a base-128 varint of at most <paramref name="maxBytes"/> bytes at <paramref name="p"/>,
    /// never past the end of <paramref name="bytes"/>. False when the bytes end inside it or it
    /// runs longer than <paramref name="maxBytes"/>: <paramref name="p"/> has then advanced by
    /// <paramref name="maxBytes"/> exactly when it ran too long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int p, int maxBytes, out ulong value)
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
