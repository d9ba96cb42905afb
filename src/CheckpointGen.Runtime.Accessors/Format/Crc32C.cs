using System.Runtime.CompilerServices;

namespace CheckpointGen.Runtime.Format;

/// <summary>
/// CRC32C (Castagnoli), the checksum of LevelDB table blocks and of TensorBundle tensors, with
/// LevelDB's masking. Masking exists because a CRC over bytes that themselves contain CRCs is
/// weak; TensorFlow stores every checksum masked.
/// </summary>
public static partial class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;

    /// <summary>Half an L1 data cache: what the copy hands the checksum while it is still there.</summary>
    private const int CopyChunkBytes = 16 * 1024;

    /// <summary>
    /// Below this the one-stream loop checksums (index blocks, small tensors, string lengths): it
    /// runs precompiled from a ReadyToRun image, while the vector and interleaved loops are
    /// compiled by the JIT on their first call, at full optimization (milliseconds, more than a
    /// short-lived process such as <c>checkpointgen verify</c> of a small checkpoint spends on
    /// checksums at all).
    /// </summary>
    private const int VectorMinimumBytes = 64 * 1024;

    /// <summary>The CRC32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends <paramref name="crc"/> (a finished CRC of earlier bytes) with <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (of the same length) and
    /// extends <paramref name="crc"/> with it, touching each byte once: in one pass where the CPU
    /// folds with VPCLMULQDQ, else chunk by chunk while each chunk is still in the L1 cache.
    /// </summary>
    internal static uint CopyAndAppend(uint crc, ReadOnlySpan<byte> source, Span<byte> destination)
    {
#if NET10_0_OR_GREATER
        if (Folding.IsSupported)
        {
            return ~Folding.Update(~crc, source, destination.Slice(0, source.Length));
        }
#endif
        for (var done = 0; done < source.Length; done += CopyChunkBytes)
        {
            var n = Math.Min(CopyChunkBytes, source.Length - done);
            var chunk = destination.Slice(done, n);
            source.Slice(done, n).CopyTo(chunk);
            crc = ~UpdateLong(~crc, chunk);
        }
        return crc;
    }

    /// <summary>Masks a CRC the way TensorFlow and LevelDB store it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Reverses <see cref="Mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Unmask(uint masked)
    {
        var rotated = masked - MaskDelta;
        return (rotated >> 17) | (rotated << 15);
    }

    /// <summary>
    /// The raw register update (no pre/post inversion): short buffers by the one-stream loop,
    /// which runs precompiled (see <see cref="VectorMinimumBytes"/>), longer ones by
    /// <see cref="UpdateLong"/>.
    /// </summary>
    private static uint Update(uint state, ReadOnlySpan<byte> data)
    {
#if NET
        if (data.Length < VectorMinimumBytes && HasInstruction)
        {
            return UpdateScalar(state, data);
        }
#endif
        return UpdateLong(state, data);
    }

    /// <summary>
    /// The raw register update by the fastest path the machine has: carry-less folding of 256-byte
    /// blocks where 512-bit VPCLMULQDQ exists, three interleaved streams of the CRC32C instruction
    /// elsewhere (precompiled in a ReadyToRun image, as the one stream is), one stream for buffers
    /// too short to split, and a table where there is no instruction at all.
    /// </summary>
    private static uint UpdateLong(uint state, ReadOnlySpan<byte> data)
    {
#if NET10_0_OR_GREATER
        // 512-bit carry-less multiplication is exposed from .NET 10 on.
        if (Folding.IsFasterThanStreams)
        {
            return Folding.Update(state, data);
        }
#endif
#if NET
        if (HasInstruction)
        {
            return Interleaved.Update(state, data);
        }
#endif
        return UpdateTable(state, data);
    }
}
