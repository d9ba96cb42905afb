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
        WindowAxis rows = geometry.Height, columns = geometry.Width;
        int rowLength = columns.Input * channels;
        for (int image = 0; image < batch; image++)
        {
            ReadOnlySpan<float> source = input.Slice(image * geometry.InputPixels * channels, geometry.InputPixels * channels);
            for (int oh = 0; oh < rows.Output; oh++)
            {
                rows.InsideTaps(oh, out int kh0, out int kh1);
                for (int ow = 0; ow < columns.Output; ow++)
                {
                    columns.InsideTaps(ow, out int kw0, out int kw1);
                    Span<float> pixel = output.Slice(((image * rows.Output + oh) * columns.Output + ow) * channels, channels);
                    if (average) pixel.Clear();
                    else pixel.Fill(float.NegativeInfinity);
                    for (int kh = kh0; kh < kh1; kh++)
                    {
                        ReadOnlySpan<float> row = source.Slice(rows.InputIndex(oh, kh) * rowLength, rowLength);
                        for (int kw = kw0; kw < kw1; kw++)
                            Combine(pixel, row.Slice(columns.InputIndex(ow, kw) * channels, channels), average);
                    }
                    int taps = (kh1 - kh0) * (kw1 - kw0);
                    if (average && taps > 0) TensorPrimitives.Multiply(pixel, 1f / taps, pixel);
                }
            }
        }
    }

    /// <summary>Below a couple of vectors a plain loop beats a TensorPrimitives call's fixed cost.</summary>
    private static void Combine(Span<float> pixel, ReadOnlySpan<float> tap, bool average)
    {
        if (pixel.Length >= 16)
        {
            if (average) TensorPrimitives.Add(pixel, tap, pixel);
            else TensorPrimitives.Max(pixel, tap, pixel);
            return;
        }
        for (int c = 0; c < pixel.Length; c++) pixel[c] = average ? pixel[c] + tap[c] : Math.Max(pixel[c], tap[c]);
    }
}
