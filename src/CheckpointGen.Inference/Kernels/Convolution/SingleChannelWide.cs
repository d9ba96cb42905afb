#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Kernels.Simd;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// A convolution of a one-channel input into many channels (whole panels: 16, 32, 64 with AVX2),
/// computed directly with the lanes over channels: for four adjacent output pixels, each filter tap
/// is two panel loads, four broadcast input values and eight FMAs, and the results are stored as
/// they lie in NHWC. <see cref="SingleChannelRow"/> puts the lanes over pixels instead, which suits
/// a few channels but needs a transpose per block; as a GEMM, K is only the taps (9 for 3×3) and
/// the segment and tile overheads outweigh the FMAs.
/// </summary>
internal static unsafe class SingleChannelWide
{
    private const int Pixels = 4;

    /// <summary>Whether <see cref="TryRun"/> takes a convolution of this shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the optimized row loop, not a tier-0 call per row
    public static bool Fits(int inChannels, in ConvGeometry geometry, PackedMatrix filter) =>
        inChannels == 1 && filter.Isa != KernelIsa.Scalar && filter.Columns % filter.PanelWidth == 0 &&
        filter.Columns > SingleChannelRow.MaxOutChannels && geometry.Width.Dilation == 1;

    /// <summary>
    /// Output pixels [0, <paramref name="count"/>) of one row, pixel 0's window starting at
    /// <paramref name="input"/> on filter row <paramref name="kh0"/>, pixel j's at j ·
    /// <paramref name="columnStride"/>; false (nothing written) for a row of fewer than four pixels.
    /// </summary>
    [MethodImpl(Hot.Path)]
    public static bool TryRun(float* input, nint inputRowStride, int columnStride, int kh0, int khCount, PackedMatrix filter, int filterWidth,
        int count, float* output, float* bias, Activation activation)
    {
        if (count < Pixels) return false;
        var shape = new Shape(input, inputRowStride, columnStride, kh0, khCount, filterWidth, filter.Rows, filter.Columns, count, output, bias, activation);
        fixed (float* packed = filter.Data)
        {
            switch (filter.Isa)
            {
                case KernelIsa.Vector512: Kernel<Simd512, Vector512<float>>.Run(shape, packed); break;
                case KernelIsa.Vector256: Kernel<Simd256, Vector256<float>>.Run(shape, packed); break;
                default: Kernel<Simd128, Vector128<float>>.Run(shape, packed); break;
            }
        }
        return true;
    }

    private readonly struct Shape(float* input, nint inputRowStride, int columnStride, int kh0, int khCount, int filterWidth, int rows, int columns, int count,
        float* output, float* bias, Activation activation)
    {
        public float* Input { get; } = input;
        public nint InputRowStride { get; } = inputRowStride;
        public int ColumnStride { get; } = columnStride;
        public int Kh0 { get; } = kh0;
        public int KhCount { get; } = khCount;
        public int FilterWidth { get; } = filterWidth;
        public int Rows { get; } = rows;
        public int Columns { get; } = columns;
        public int Count { get; } = count;
        public float* Output { get; } = output;
        public float* Bias { get; } = bias;
        public Activation Activation { get; } = activation;
    }

    private static class Kernel<TSimd, TVector>
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        [MethodImpl(Hot.Path)]
        public static void Run(in Shape s, float* packed)
        {
            int w = TSimd.Width, pw = 2 * w;
            nint cs = s.ColumnStride;
            bool clamp = s.Activation.IsClamp(out float lo, out float hi);
            TVector l = TSimd.Broadcast(lo), h = TSimd.Broadcast(hi);
            for (int p = 0; p < s.Columns / pw; p++)
            {
                float* taps = packed + (nint)p * s.Rows * pw + (nint)s.Kh0 * s.FilterWidth * pw;
                TVector bias0 = s.Bias != null ? TSimd.Load(s.Bias + p * pw) : TSimd.Zero;
                TVector bias1 = s.Bias != null ? TSimd.Load(s.Bias + p * pw + w) : TSimd.Zero;
                // The last block is shifted back to end at the row's end: it recomputes a few pixels rather than running a tail.
                for (int ow = 0; ; ow += Pixels)
                {
                    int start = Math.Min(ow, s.Count - Pixels);
                    TVector a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
                    float* f = taps;
                    for (int kh = 0; kh < s.KhCount; kh++)
                    {
                        float* x = s.Input + kh * s.InputRowStride + start * cs;
                        for (int kw = 0; kw < s.FilterWidth; kw++, f += pw)
                        {
                            TVector f0 = TSimd.Load(f), f1 = TSimd.Load(f + w);
                            TVector x0 = TSimd.Broadcast(x[kw]), x1 = TSimd.Broadcast(x[cs + kw]), x2 = TSimd.Broadcast(x[2 * cs + kw]), x3 = TSimd.Broadcast(x[3 * cs + kw]);
                            a00 = TSimd.MultiplyAdd(x0, f0, a00); a01 = TSimd.MultiplyAdd(x0, f1, a01);
                            a10 = TSimd.MultiplyAdd(x1, f0, a10); a11 = TSimd.MultiplyAdd(x1, f1, a11);
                            a20 = TSimd.MultiplyAdd(x2, f0, a20); a21 = TSimd.MultiplyAdd(x2, f1, a21);
                            a30 = TSimd.MultiplyAdd(x3, f0, a30); a31 = TSimd.MultiplyAdd(x3, f1, a31);
                        }
                    }
                    if (clamp)
                    {
                        a00 = TSimd.Min(TSimd.Max(a00, l), h); a01 = TSimd.Min(TSimd.Max(a01, l), h); a10 = TSimd.Min(TSimd.Max(a10, l), h); a11 = TSimd.Min(TSimd.Max(a11, l), h);
                        a20 = TSimd.Min(TSimd.Max(a20, l), h); a21 = TSimd.Min(TSimd.Max(a21, l), h); a30 = TSimd.Min(TSimd.Max(a30, l), h); a31 = TSimd.Min(TSimd.Max(a31, l), h);
                    }
                    float* y = s.Output + (nint)start * s.Columns + p * pw;
                    TSimd.Store(y, a00); TSimd.Store(y + w, a01);
                    TSimd.Store(y + s.Columns, a10); TSimd.Store(y + s.Columns + w, a11);
                    TSimd.Store(y + 2 * s.Columns, a20); TSimd.Store(y + 2 * s.Columns + w, a21);
                    TSimd.Store(y + 3 * s.Columns, a30); TSimd.Store(y + 3 * s.Columns + w, a31);
                    if (start + Pixels >= s.Count) break;
                }
            }
            if (!clamp && s.Activation.Kind != ActivationKind.None)
            {
                var produced = new Span<float>(s.Output, s.Count * s.Columns);
                Elementwise.Activations.Apply(s.Activation, produced, produced);
            }
        }
    }
}
#endif
