#if NET10_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    /// <summary>
    /// Carry-less folding with 512-bit VPCLMULQDQ, after Intel's "Fast CRC Computation for Generic
    /// Polynomials Using PCLMULQDQ". Each 128-bit lane holds 128 message bits as a polynomial
    /// S = H·x^64 + L (H = the first 8 bytes). Moving it D bits further along the message and
    /// adding the data found there keeps the CRC unchanged modulo P:
    /// S·x^D ≡ H·(x^(D+64) mod P) + L·(x^D mod P), two 64×32-bit carry-less products.
    /// Sixteen lanes in four registers fold 256 bytes per step, independently; at the end the
    /// lanes are folded into one and the CRC32C instruction reduces its 128 bits to the register.
    /// </summary>
    internal static class Folding
    {
        private const int BlockBytes = 4 * 64;

        private static readonly Vector512<ulong> AcrossBlock = Vector512.Create(Multipliers(BlockBytes));

        private static readonly Vector512<ulong> AcrossRegister = Vector512.Create(Multipliers(64));

        private static readonly Vector128<ulong> AcrossLane = Multipliers(16);

        /// <summary>Whether the CPU has 512-bit carry-less multiplication (and SSE4.2 for the last step).</summary>
        public static bool IsSupported => Pclmulqdq.V512.IsSupported && Sse42.X64.IsSupported;

        public static uint Update(uint state, ReadOnlySpan<byte> data)
        {
            if (data.Length < BlockBytes)
            {
                return UpdateScalar(state, data);
            }
            ref var start = ref MemoryMarshal.GetReference(data);
            var length = (nuint)data.Length;

            // The register so far is added to the first 4 message bytes, as the CRC instruction does.
            var first = Load512(ref start, 0) ^ Vector512.CreateScalar((ulong)state);
            var second = Load512(ref start, 64);
            var third = Load512(ref start, 128);
            var fourth = Load512(ref start, 192);
            nuint offset = BlockBytes;
            for (var k = AcrossBlock; length - offset >= BlockBytes; offset += BlockBytes)
            {
                first = Fold(first, k, Load512(ref start, offset));
                second = Fold(second, k, Load512(ref start, offset + 64));
                third = Fold(third, k, Load512(ref start, offset + 128));
                fourth = Fold(fourth, k, Load512(ref start, offset + 192));
            }

            var r = AcrossRegister;
            var all = Fold(Fold(Fold(first, r, second), r, third), r, fourth);
            for (; length - offset >= 64; offset += 64)
            {
                all = Fold(all, r, Load512(ref start, offset));
            }

            var l = AcrossLane;
            var lane = Fold(Fold(Fold(all.GetLower().GetLower(), l, all.GetLower().GetUpper()), l, all.GetUpper().GetLower()), l, all.GetUpper().GetUpper());
            for (; length - offset >= 16; offset += 16)
            {
                lane = Fold(lane, l, Vector128.LoadUnsafe(ref start, offset).AsUInt64());
            }

            // CRC32C of the lane's 16 bytes from a zero register = S·x^32 mod P: the register after them.
            var crc = (uint)Sse42.X64.Crc32(Sse42.X64.Crc32(0, lane.ToScalar()), lane.GetElement(1));
            return UpdateScalar(crc, data.Slice((int)offset));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Load512(ref byte start, nuint offset) => Vector512.LoadUnsafe(ref start, offset).AsUInt64();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Fold(Vector512<ulong> lanes, Vector512<ulong> multipliers, Vector512<ulong> next) =>
            Pclmulqdq.V512.CarrylessMultiply(lanes, multipliers, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(lanes, multipliers, 0x11) ^ next;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Fold(Vector128<ulong> lane, Vector128<ulong> multipliers, Vector128<ulong> next) =>
            Pclmulqdq.CarrylessMultiply(lane, multipliers, 0x00) ^ Pclmulqdq.CarrylessMultiply(lane, multipliers, 0x11) ^ next;

        /// <summary>
        /// (x^(D+64) mod P, x^D mod P) for D = 8·<paramref name="distanceBytes"/>, laid out for the
        /// lane's (H, L) halves. A product of two reflected operands comes out multiplied by an
        /// extra x, so each exponent is one less; a 32-bit reflected residue sits in the top half of
        /// the 64-bit operand.
        /// </summary>
        private static Vector128<ulong> Multipliers(int distanceBytes)
        {
            var bits = 8L * distanceBytes;
            return Vector128.Create((ulong)PowerOfX(bits + 63) << 32, (ulong)PowerOfX(bits - 1) << 32);
        }
    }
}
#endif
