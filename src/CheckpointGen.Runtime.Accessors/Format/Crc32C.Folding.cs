#if NET10_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    /// <summary>
    /// Carry-less folding with VPCLMULQDQ (512-bit, or 256-bit where AVX-512 is missing), after
    /// Intel's "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ". Each 128-bit lane
    /// holds 128 message bits as a polynomial S = H·x^64 + L (H = the first 8 bytes). Moving it D
    /// bits further along the message and adding the data found there keeps the CRC unchanged
    /// modulo P: S·x^D ≡ H·(x^(D+64) mod P) + L·(x^D mod P), two 64×32-bit carry-less products.
    /// Four registers of lanes fold a block (256 or 128 bytes) per step, independently; at the
    /// end the lanes are folded into one and the CRC32C instruction reduces its 128 bits to the
    /// register. Given a destination, every vector loaded is also stored there: a copy that
    /// checksums each byte while it is in a register, instead of a copy and a second pass.
    /// </summary>
    internal static class Folding
    {
        private const int BlockBytes = 4 * 64;

        private const int HalfBlockBytes = 4 * 32;

        private static readonly Vector512<ulong> AcrossBlock = Vector512.Create(Multipliers(BlockBytes));

        private static readonly Vector512<ulong> AcrossRegister = Vector512.Create(Multipliers(64));

        private static readonly Vector256<ulong> AcrossHalfBlock = Vector256.Create(Multipliers(HalfBlockBytes));

        private static readonly Vector256<ulong> AcrossHalfRegister = Vector256.Create(Multipliers(32));

        private static readonly Vector128<ulong> AcrossLane = Multipliers(16);

        /// <summary>Whether the CPU has 256- or 512-bit carry-less multiplication (and SSE4.2 for the last step).</summary>
        public static bool IsSupported => (Pclmulqdq.V512.IsSupported || Pclmulqdq.V256.IsSupported) && Sse42.X64.IsSupported;

        /// <summary>
        /// Whether folding beats three CRC32C streams on a plain checksum: with 512-bit registers it
        /// does (31.6 against 12.5 GB/s from memory, RESULTS.md §a); with 256-bit ones it does not
        /// (11.7–12.4 against 10.6–12.5 GB/s), and only the fused copy, which stores each register
        /// it loads, gains from it there.
        /// </summary>
        public static bool IsFasterThanStreams => Pclmulqdq.V512.IsSupported && Sse42.X64.IsSupported;

        public static uint Update(uint state, ReadOnlySpan<byte> data) => Update(state, data, Span<byte>.Empty);

        /// <summary>
        /// Updates the register with <paramref name="data"/>, copying it to <paramref name="copy"/>
        /// unless that is empty (otherwise it must be as long as <paramref name="data"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static uint Update(uint state, ReadOnlySpan<byte> data, Span<byte> copy)
        {
            var minimum = Pclmulqdq.V512.IsSupported ? BlockBytes : HalfBlockBytes;
            if (data.Length < minimum)
            {
                if (!copy.IsEmpty)
                {
                    data.CopyTo(copy);
                }
                return UpdateScalar(state, data);
            }
            ref var start = ref MemoryMarshal.GetReference(data);
            ref var target = ref MemoryMarshal.GetReference(copy);
            var store = !copy.IsEmpty;
            var length = (nuint)data.Length;
            nuint offset;
            var lane = Pclmulqdq.V512.IsSupported
                ? Fold512(ref start, ref target, store, length, state, out offset)
                : Fold256(ref start, ref target, store, length, state, out offset);
            if (store)
            {
                // Fewer than one register's bytes are left: they are copied as they are.
                data.Slice((int)offset).CopyTo(copy.Slice((int)offset));
            }
            var l = AcrossLane;
            for (; length - offset >= 16; offset += 16)
            {
                lane = Fold(lane, l, Vector128.LoadUnsafe(ref start, offset).AsUInt64());
            }

            // CRC32C of the lane's 16 bytes from a zero register = S·x^32 mod P: the register after them.
            var crc = (uint)Sse42.X64.Crc32(Sse42.X64.Crc32(0, lane.ToScalar()), lane.GetElement(1));
            return UpdateScalar(crc, data.Slice((int)offset));
        }

        /// <summary>The 512-bit loop: 256 bytes per step, then 64; returns the 16 lanes folded into one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Fold512(ref byte start, ref byte target, bool store, nuint length, uint state, out nuint offset)
        {
            // The register so far is added to the first 4 message bytes, as the CRC instruction does.
            var first = Load512(ref start, ref target, store, 0) ^ Vector512.CreateScalar((ulong)state);
            var second = Load512(ref start, ref target, store, 64);
            var third = Load512(ref start, ref target, store, 128);
            var fourth = Load512(ref start, ref target, store, 192);
            offset = BlockBytes;
            for (var k = AcrossBlock; length - offset >= BlockBytes; offset += BlockBytes)
            {
                first = Fold(first, k, Load512(ref start, ref target, store, offset));
                second = Fold(second, k, Load512(ref start, ref target, store, offset + 64));
                third = Fold(third, k, Load512(ref start, ref target, store, offset + 128));
                fourth = Fold(fourth, k, Load512(ref start, ref target, store, offset + 192));
            }

            var r = AcrossRegister;
            var all = Fold(Fold(Fold(first, r, second), r, third), r, fourth);
            for (; length - offset >= 64; offset += 64)
            {
                all = Fold(all, r, Load512(ref start, ref target, store, offset));
            }
            var l = AcrossLane;
            return Fold(Fold(Fold(all.GetLower().GetLower(), l, all.GetLower().GetUpper()), l, all.GetUpper().GetLower()), l, all.GetUpper().GetUpper());
        }

        /// <summary>The 256-bit loop: 128 bytes per step, then 32; returns the 8 lanes folded into one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Fold256(ref byte start, ref byte target, bool store, nuint length, uint state, out nuint offset)
        {
            var first = Load256(ref start, ref target, store, 0) ^ Vector256.CreateScalar((ulong)state);
            var second = Load256(ref start, ref target, store, 32);
            var third = Load256(ref start, ref target, store, 64);
            var fourth = Load256(ref start, ref target, store, 96);
            offset = HalfBlockBytes;
            for (var k = AcrossHalfBlock; length - offset >= HalfBlockBytes; offset += HalfBlockBytes)
            {
                first = Fold(first, k, Load256(ref start, ref target, store, offset));
                second = Fold(second, k, Load256(ref start, ref target, store, offset + 32));
                third = Fold(third, k, Load256(ref start, ref target, store, offset + 64));
                fourth = Fold(fourth, k, Load256(ref start, ref target, store, offset + 96));
            }

            var r = AcrossHalfRegister;
            var all = Fold(Fold(Fold(first, r, second), r, third), r, fourth);
            for (; length - offset >= 32; offset += 32)
            {
                all = Fold(all, r, Load256(ref start, ref target, store, offset));
            }
            return Fold(all.GetLower(), AcrossLane, all.GetUpper());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Load512(ref byte start, ref byte target, bool store, nuint offset)
        {
            var v = Vector512.LoadUnsafe(ref start, offset);
            if (store)
            {
                v.StoreUnsafe(ref target, offset);
            }
            return v.AsUInt64();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<ulong> Load256(ref byte start, ref byte target, bool store, nuint offset)
        {
            var v = Vector256.LoadUnsafe(ref start, offset);
            if (store)
            {
                v.StoreUnsafe(ref target, offset);
            }
            return v.AsUInt64();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<ulong> Fold(Vector256<ulong> lanes, Vector256<ulong> multipliers, Vector256<ulong> next) =>
            Pclmulqdq.V256.CarrylessMultiply(lanes, multipliers, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(lanes, multipliers, 0x11) ^ next;

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
