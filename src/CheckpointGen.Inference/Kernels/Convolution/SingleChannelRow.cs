#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Kernels.Simd;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// A convolution of a one-channel input (a grayscale image's first layer), width stride and
/// dilation 1, computed directly: a vector holds one channel of several adjacent output pixels,
/// loaded straight from the input row, and each filter tap is one broadcast FMA per channel, for
/// <see cref="MaxOutChannels"/> channels at a time (a wider layer runs group after group). As a
/// GEMM the same layer has K = taps (9 for 3×3): every 6-pixel tile pays its setup, bias, clamp
/// and stores for a few FMAs, and with a few channels fills a fraction of the two-vector tile.
/// </summary>
internal static unsafe class SingleChannelRow
{
    /// <summary>Output channels the eight accumulators hold: one group.</summary>
    public const int MaxOutChannels = 8;

    /// <summary>Whether <see cref="TryRun"/> takes a convolution of this shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(int inChannels, in ConvGeometry geometry, PackedMatrix filter) =>
        inChannels == 1 && filter.PanelWidth % MaxOutChannels == 0 &&
        geometry.Width.Stride == 1 && geometry.Width.Dilation == 1 && filter.Isa != KernelIsa.Scalar;

    /// <summary>
    /// Output pixels [0, <paramref name="count"/>) of one row, pixel 0's window starting at
    /// <paramref name="input"/> on filter row <paramref name="kh0"/>; false (nothing written) when
    /// the row is narrower than one vector.
    /// </summary>
    /// <remarks>
    /// <c>inputRowStride</c>: floats from one filter row's input row to the next; <c>khCount</c>:
    /// filter rows inside the input from <c>kh0</c>; <c>output</c>: pixel 0's channels.
    /// </remarks>
    [MethodImpl(Hot.Path)]
    public static bool TryRun(float* input, nint inputRowStride, int kh0, int khCount, PackedMatrix filter, int filterWidth,
        int count, float* output, float* bias, Activation activation)
    {
        int pw = filter.PanelWidth;
        fixed (float* packed = filter.Data)
        {
            for (int c0 = 0; c0 < filter.Columns; c0 += MaxOutChannels)
            {
                // Group c0's taps: its panel, from filter row kh0, at its offset within the panel.
                float* taps = packed + (nint)(c0 / pw) * filter.Rows * pw + (nint)kh0 * filterWidth * pw + (c0 % pw);
                var shape = new Shape(input, inputRowStride, khCount, filterWidth, pw, count, output + c0, Math.Min(MaxOutChannels, filter.Columns - c0),
                    filter.Columns, bias == null ? null : bias + c0, activation);
                bool ran = filter.Isa switch
                {
                    KernelIsa.Vector512 => Kernel<Simd512, Vector512<float>>.Run(shape, taps),
                    KernelIsa.Vector256 => Kernel<Simd256, Vector256<float>>.Run(shape, taps),
                    _ => Kernel<Simd128, Vector128<float>>.Run(shape, taps),
                };
                if (!ran) return false;
            }
            return true;
        }
    }

    /// <remarks><c>Channels</c>: the group's (at most <see cref="MaxOutChannels"/>); <c>PixelStride</c>: all output channels, from one pixel to the next.</remarks>
    private readonly struct Shape(float* input, nint inputRowStride, int khCount, int filterWidth, int panelWidth, int count, float* output, int channels, int pixelStride, float* bias, Activation activation)
    {
        public float* Input { get; } = input;
        public nint InputRowStride { get; } = inputRowStride;
        public int KhCount { get; } = khCount;
        public int FilterWidth { get; } = filterWidth;
        public int PanelWidth { get; } = panelWidth;
        public int Count { get; } = count;
        public float* Output { get; } = output;
        public int Channels { get; } = channels;
        public int PixelStride { get; } = pixelStride;
        public float* Bias { get; } = bias;
        public Activation Activation { get; } = activation;
    }

    private static class Kernel<TSimd, TVector>
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        [MethodImpl(Hot.Path)]
        [SkipLocalsInit]
        public static bool Run(in Shape s, float* taps)
        {
            int w = TSimd.Width;
            if (s.Count < w) return false;
            int channels = s.Channels, pw = s.PanelWidth, stride = s.PixelStride;
            float* start = stackalloc float[MaxOutChannels];
            for (int c = 0; c < MaxOutChannels; c++) start[c] = s.Bias != null && c < channels ? s.Bias[c] : 0f;
            bool clamp = s.Activation.IsClamp(out float lo, out float hi);
            float* block = stackalloc float[MaxOutChannels * w];

            // The last block is shifted back to end at the row's end: it recomputes a few pixels rather than running a scalar tail.
            for (int ow = 0; ow < s.Count; ow = ow + w < s.Count && ow + 2 * w > s.Count ? s.Count - w : ow + w)
            {
                TVector a0 = TSimd.Broadcast(start[0]), a1 = TSimd.Broadcast(start[1]), a2 = TSimd.Broadcast(start[2]), a3 = TSimd.Broadcast(start[3]);
                TVector a4 = TSimd.Broadcast(start[4]), a5 = TSimd.Broadcast(start[5]), a6 = TSimd.Broadcast(start[6]), a7 = TSimd.Broadcast(start[7]);
                float* f = taps;
                for (int kh = 0; kh < s.KhCount; kh++)
                {
                    float* x = s.Input + kh * s.InputRowStride + ow;
                    for (int kw = 0; kw < s.FilterWidth; kw++, f += pw)
                    {
                        TVector v = TSimd.Load(x + kw);
                        a0 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[0]), a0); a1 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[1]), a1);
                        a2 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[2]), a2); a3 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[3]), a3);
                        a4 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[4]), a4); a5 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[5]), a5);
                        a6 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[6]), a6); a7 = TSimd.MultiplyAdd(v, TSimd.Broadcast(f[7]), a7);
                    }
                }
                if (clamp)
                {
                    TVector l = TSimd.Broadcast(lo), h = TSimd.Broadcast(hi);
                    a0 = TSimd.Min(TSimd.Max(a0, l), h); a1 = TSimd.Min(TSimd.Max(a1, l), h); a2 = TSimd.Min(TSimd.Max(a2, l), h); a3 = TSimd.Min(TSimd.Max(a3, l), h);
                    a4 = TSimd.Min(TSimd.Max(a4, l), h); a5 = TSimd.Min(TSimd.Max(a5, l), h); a6 = TSimd.Min(TSimd.Max(a6, l), h); a7 = TSimd.Min(TSimd.Max(a7, l), h);
                }
                TSimd.Store(block, a0); TSimd.Store(block + w, a1); TSimd.Store(block + 2 * w, a2); TSimd.Store(block + 3 * w, a3);
                TSimd.Store(block + 4 * w, a4); TSimd.Store(block + 5 * w, a5); TSimd.Store(block + 6 * w, a6); TSimd.Store(block + 7 * w, a7);

                // Channel-major block to NHWC pixels.
                float* pixel = s.Output + (nint)ow * stride;
                for (int j = 0; j < w; j++, pixel += stride)
                    for (int c = 0; c < channels; c++) pixel[c] = block[c * w + j];
            }

            if (!clamp && s.Activation.Kind != ActivationKind.None)
            {
                for (int j = 0; j < s.Count; j++)
                {
                    var produced = new Span<float>(s.Output + (nint)j * stride, channels);
                    Elementwise.Activations.Apply(s.Activation, produced, produced);
                }
            }
            return true;
        }
    }
}
#endif
