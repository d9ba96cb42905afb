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
        for (int image = 0; image < batch; image++)
        {
            ReadOnlySpan<float> source = input.Slice(image * geometry.InputPixels * channels, geometry.InputPixels * channels);
            for (int oh = 0; oh < geometry.Height.Output; oh++)
            {
                for (int ow = 0; ow < geometry.Width.Output; ow++)
                {
                    Span<float> pixel = output.Slice(((image * geometry.Height.Output + oh) * geometry.Width.Output + ow) * channels, channels);
                    if (average) pixel.Clear();
                    else pixel.Fill(float.NegativeInfinity);
                    int taps = 0;
                    for (int kh = 0; kh < geometry.Height.Filter; kh++)
                    {
                        int ih = geometry.Height.InputIndex(oh, kh);
                        if ((uint)ih >= (uint)geometry.Height.Input) continue;
                        for (int kw = 0; kw < geometry.Width.Filter; kw++)
                        {
                            int iw = geometry.Width.InputIndex(ow, kw);
                            if ((uint)iw >= (uint)geometry.Width.Input) continue;
                            ReadOnlySpan<float> tap = source.Slice((ih * geometry.Width.Input + iw) * channels, channels);
                            if (average) TensorPrimitives.Add(pixel, tap, pixel);
                            else TensorPrimitives.Max(pixel, tap, pixel);
                            taps++;
                        }
                    }
                    if (average && taps > 0) TensorPrimitives.Multiply(pixel, 1f / taps, pixel);
                }
            }
        }
    }
}
