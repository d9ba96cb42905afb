using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>MaxPool</c> and <c>AvgPool</c> over NHWC. Padding never enters a window: max
/// ignores it, average divides by the taps inside the input (as TensorFlow does).
/// </summary>
/// <remarks>
/// Pooling does a handful of operations per output element, so the cost is the per-pixel and
/// per-tap overhead: one pointer loop over channels per tap, no span or call per tap (that took
/// 5–6 µs per LeNet pooling layer, as much as a convolution).
/// </remarks>
public static class Pool2D
{
    /// <summary>The maximum of each window.</summary>
    public static void Max(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output) =>
        Run(input, batch, channels, geometry, output, average: false);

    /// <summary>The mean of each window's taps inside the input.</summary>
    public static void Average(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output) =>
        Run(input, batch, channels, geometry, output, average: true);

    [MethodImpl(Hot.Path)]
    private static unsafe void Run(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output, bool average)
    {
        NhwcBuffers.Check(input, batch, channels, geometry, output, channels);
        WindowAxis rows = geometry.Height, columns = geometry.Width;
        nint rowLength = (nint)columns.Input * channels;
        fixed (float* pin = input, pout = output)
        {
            float* pixel = pout;
            for (int image = 0; image < batch; image++)
            {
                float* source = pin + (long)image * geometry.InputPixels * channels;
                for (int oh = 0; oh < rows.Output; oh++)
                {
                    rows.InsideTaps(oh, out int kh0, out int kh1);
                    for (int ow = 0; ow < columns.Output; ow++, pixel += channels)
                    {
                        columns.InsideTaps(ow, out int kw0, out int kw1);
                        int taps = (kh1 - kh0) * (kw1 - kw0);
                        if (taps == 0)
                        {
                            new Span<float>(pixel, channels).Fill(average ? 0f : float.NegativeInfinity);
                            continue;
                        }
                        bool first = true;
                        for (int kh = kh0; kh < kh1; kh++)
                        {
                            float* row = source + rows.InputIndex(oh, kh) * rowLength;
                            for (int kw = kw0; kw < kw1; kw++)
                            {
                                float* tap = row + (nint)columns.InputIndex(ow, kw) * channels;
                                if (first) Copy(tap, pixel, channels);
                                else if (average) Add(tap, pixel, channels);
                                else Maximum(tap, pixel, channels);
                                first = false;
                            }
                        }
                        if (average && taps > 1) Scale(pixel, channels, 1f / taps);
                    }
                }
            }
        }
    }

    // Hot too: a callee the JIT does not inline would otherwise start as tier-0 code. Channels are
    // the inner loop: eight at a time in a vector (a scalar Math.Max per element made the pooling
    // layers of a 32- and 64-channel Conv model cost as much as a convolution).
    [MethodImpl(Hot.Path)]
    private static unsafe void Copy(float* source, float* destination, int count)
    {
        int c = 0;
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated)
            for (; c <= count - Vector256<float>.Count; c += Vector256<float>.Count) Vector256.Store(Vector256.Load(source + c), destination + c);
#endif
        for (; c < count; c++) destination[c] = source[c];
    }

    [MethodImpl(Hot.Path)]
    private static unsafe void Add(float* source, float* destination, int count)
    {
        int c = 0;
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated)
            for (; c <= count - Vector256<float>.Count; c += Vector256<float>.Count) Vector256.Store(Vector256.Load(destination + c) + Vector256.Load(source + c), destination + c);
#endif
        for (; c < count; c++) destination[c] += source[c];
    }

    [MethodImpl(Hot.Path)]
    private static unsafe void Maximum(float* source, float* destination, int count)
    {
        int c = 0;
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated)
            for (; c <= count - Vector256<float>.Count; c += Vector256<float>.Count) Vector256.Store(Vector256.Max(Vector256.Load(destination + c), Vector256.Load(source + c)), destination + c);
#endif
        for (; c < count; c++) destination[c] = Math.Max(destination[c], source[c]);
    }

    [MethodImpl(Hot.Path)]
    private static unsafe void Scale(float* values, int count, float factor)
    {
        int c = 0;
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated)
            for (; c <= count - Vector256<float>.Count; c += Vector256<float>.Count) Vector256.Store(Vector256.Load(values + c) * factor, values + c);
#endif
        for (; c < count; c++) values[c] *= factor;
    }
}
