using System.Numerics.Tensors;
using CheckpointGen.Inference.Kernels.Elementwise;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>DepthwiseConv2dNative</c>: NHWC input, filter [H, W, inChannels, multiplier],
/// output channel <c>c · multiplier + m</c>. Computed per output pixel as multiply-adds over the
/// channel vector (TensorPrimitives), bias and activation applied while the pixel is in L1.
/// </summary>
public static class DepthwiseConv2D
{
    /// <summary>Convolves <paramref name="input"/> [batch, H, W, inChannels] into <paramref name="output"/> [batch, OH, OW, inChannels · multiplier].</summary>
    public static void Run(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, ReadOnlySpan<float> filter, int multiplier,
        Span<float> output, ReadOnlySpan<float> bias = default, Activation activation = default)
    {
        if (multiplier <= 0) throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The channel multiplier must be positive.");
        int outChannels = inChannels * multiplier;
        long filterNeeded = (long)geometry.Height.Filter * geometry.Width.Filter * outChannels;
        if (filter.Length != filterNeeded)
            throw new ArgumentException($"The filter has {filter.Length} elements; [{geometry.Height.Filter}, {geometry.Width.Filter}, {inChannels}, {multiplier}] needs {filterNeeded}.", nameof(filter));
        NhwcBuffers.Check(input, batch, inChannels, geometry, output, outChannels);
        NhwcBuffers.CheckBias(bias, outChannels);

        WindowAxis rows = geometry.Height, columns = geometry.Width;
        int rowLength = columns.Input * inChannels;
        for (int image = 0; image < batch; image++)
        {
            ReadOnlySpan<float> source = input.Slice(image * geometry.InputPixels * inChannels, geometry.InputPixels * inChannels);
            for (int oh = 0; oh < rows.Output; oh++)
            {
                rows.InsideTaps(oh, out int kh0, out int kh1);
                for (int ow = 0; ow < columns.Output; ow++)
                {
                    columns.InsideTaps(ow, out int kw0, out int kw1);
                    Span<float> pixel = output.Slice(((image * rows.Output + oh) * columns.Output + ow) * outChannels, outChannels);
                    if (bias.IsEmpty) pixel.Clear();
                    else bias.CopyTo(pixel);
                    for (int kh = kh0; kh < kh1; kh++)
                    {
                        ReadOnlySpan<float> row = source.Slice(rows.InputIndex(oh, kh) * rowLength, rowLength);
                        for (int kw = kw0; kw < kw1; kw++)
                        {
                            ReadOnlySpan<float> tap = row.Slice(columns.InputIndex(ow, kw) * inChannels, inChannels);
                            ReadOnlySpan<float> weights = filter.Slice((kh * columns.Filter + kw) * outChannels, outChannels);
                            if (multiplier == 1) TensorPrimitives.MultiplyAdd(tap, weights, pixel, pixel);
                            else MultiplyAddExpanded(tap, weights, multiplier, pixel);
                        }
                    }
                    Activations.Apply(activation, pixel, pixel);
                }
            }
        }
    }

    private static void MultiplyAddExpanded(ReadOnlySpan<float> tap, ReadOnlySpan<float> weights, int multiplier, Span<float> pixel)
    {
        for (int c = 0; c < tap.Length; c++)
        {
            float x = tap[c];
            for (int m = 0, o = c * multiplier; m < multiplier; m++, o++) pixel[o] += x * weights[o];
        }
    }
}
