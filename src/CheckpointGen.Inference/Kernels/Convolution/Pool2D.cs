using System.Numerics.Tensors;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>MaxPool</c> and <c>AvgPool</c> over NHWC, vectorized across channels. Padding
/// never enters a window: max ignores it, average divides by the taps inside the input (as
/// TensorFlow does).
/// </summary>
public static class Pool2D
{
    /// <summary>The maximum of each window.</summary>
    public static void Max(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output) =>
        Run(input, batch, channels, geometry, output, average: false);

    /// <summary>The mean of each window's taps inside the input.</summary>
    public static void Average(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output) =>
        Run(input, batch, channels, geometry, output, average: true);

    private static void Run(ReadOnlySpan<float> input, int batch, int channels, in ConvGeometry geometry, Span<float> output, bool average)
    {
        NhwcBuffers.Check(input, batch, channels, geometry, output, channels);
        var reducer = new Reducer(average);
        WindowWalk.Run(input, batch, channels, geometry, output, channels, ref reducer);
    }

    private readonly struct Reducer(bool average) : IWindowReducer
    {
        public void Begin(Span<float> pixel)
        {
            if (average) pixel.Clear();
            else pixel.Fill(float.NegativeInfinity);
        }

        // Below a couple of vectors a plain loop beats a TensorPrimitives call's fixed cost.
        public void Tap(Span<float> pixel, ReadOnlySpan<float> tap, int kh, int kw)
        {
            if (pixel.Length >= 16)
            {
                if (average) TensorPrimitives.Add(pixel, tap, pixel);
                else TensorPrimitives.Max(pixel, tap, pixel);
                return;
            }
            for (int c = 0; c < pixel.Length; c++) pixel[c] = average ? pixel[c] + tap[c] : Math.Max(pixel[c], tap[c]);
        }

        public void End(Span<float> pixel, int taps)
        {
            if (average && taps > 0) TensorPrimitives.Multiply(pixel, 1f / taps, pixel);
        }
    }
}
