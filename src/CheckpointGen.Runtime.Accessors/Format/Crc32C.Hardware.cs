#if NET
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    /// <summary>Whether the CPU has a CRC32C instruction (x64 SSE4.2 or the ARMv8 CRC extension).</summary>
    private static bool HasInstruction => Sse42.X64.IsSupported || Crc32.Arm64.IsSupported;

    /// <summary>
    /// One stream of the CRC32C instruction: 8 bytes per step, for buffers too short to split.
    /// Not <see cref="MethodImplOptions.AggressiveOptimization"/>, unlike the vector loops: it
    /// needs only SSE4.2, which ReadyToRun code may use, so it runs precompiled from the first call.
    /// </summary>
    internal static uint UpdateScalar(uint state, ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint i = 0;
        ulong wide = state;
        for (; length - i >= 8; i += 8)
        {
            wide = Step(wide, ReadWord(ref start, i));
        }
        state = (uint)wide;
        for (; i < length; i++)
        {
            state = Step(state, Unsafe.Add(ref start, i));
        }
        return state;
    }

    /// <summary>
    /// The 8 bytes at <paramref name="offset"/> as the CRC instruction takes them: both x64 and
    /// ARM64 run .NET little-endian, so the first byte is the lowest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadWord(ref byte start, nuint offset) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));

    // The IsSupported checks are JIT-time constants, so each step compiles to the one instruction.
    // The register stays 64 bits wide on x64: narrowing it every step would add a move to the
    // dependency chain that bounds a single stream.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong state, ulong word) =>
        Sse42.X64.IsSupported ? Sse42.X64.Crc32(state, word) : Crc32.Arm64.ComputeCrc32C((uint)state, word);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Step(uint state, byte value) =>
        Sse42.IsSupported ? Sse42.Crc32(state, value) : Crc32.ComputeCrc32C(state, value);
}
#endif
