#if NET
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    /// <summary>
    /// Three independent streams of the CRC32C instruction. One stream waits on the instruction's
    /// latency (3 cycles for 8 bytes); three streams over adjacent thirds of a block keep the unit
    /// busy every cycle, and their registers are joined by shifting the earlier ones past the later
    /// bytes (x^(8n) modulo P, by table).
    /// </summary>
    internal static class Interleaved
    {
        /// <summary>
        /// Bytes per stream per block: long enough that joining costs nothing, short enough that
        /// most tensors (and the reader's chunks) are split, and not so short that the three
        /// streams defeat the hardware prefetcher on data that comes from memory.
        /// </summary>
        private const int StreamBytes = 4096;

        private const int BlockBytes = 3 * StreamBytes;

        /// <summary>Multiplication by x^(8 * StreamBytes), one 256-entry table per byte of the register.</summary>
        private static readonly uint[] Shift = BuildShiftTable(StreamBytes);

        /// <summary>
        /// Not <see cref="MethodImplOptions.AggressiveOptimization"/>: it needs only SSE4.2 (or the
        /// ARMv8 CRC extension), which ReadyToRun code may use, so the tool runs it precompiled from
        /// the first call; where it is JIT compiled, on-stack replacement leaves the first, unoptimized
        /// version within a few thousand steps.
        /// </summary>
        public static uint Update(uint state, ReadOnlySpan<byte> data)
        {
            for (; data.Length >= BlockBytes; data = data.Slice(BlockBytes))
            {
                ref var start = ref MemoryMarshal.GetReference(data);
                ulong first = state, second = 0, third = 0;
                for (nuint i = 0; i < StreamBytes; i += 8)
                {
                    first = Step(first, ReadWord(ref start, i));
                    second = Step(second, ReadWord(ref start, i + StreamBytes));
                    third = Step(third, ReadWord(ref start, i + (2 * StreamBytes)));
                }
                state = ShiftPastStream(ShiftPastStream((uint)first) ^ (uint)second) ^ (uint)third;
            }
            return UpdateScalar(state, data);
        }

        private static uint ShiftPastStream(uint state)
        {
            var t = Shift;
            return t[state & 0xff] ^ t[256 + ((state >> 8) & 0xff)] ^ t[512 + ((state >> 16) & 0xff)] ^ t[768 + (state >> 24)];
        }

        private static uint[] BuildShiftTable(int zeroBytes)
        {
            var factor = PowerOfX(8L * zeroBytes);
            var table = new uint[4 * 256];
            for (var position = 0; position < 4; position++)
            {
                for (uint value = 0; value < 256; value++)
                {
                    table[(position * 256) + value] = Multiply(value << (8 * position), factor);
                }
            }
            return table;
        }
    }
}
#endif
