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

        for (int image = 0; image < batch; image++)
        {
            ReadOnlySpan<float> source = input.Slice(image * geometry.InputPixels * inChannels, geometry.InputPixels * inChannels);
            for (int oh = 0; oh < geometry.Height.Output; oh++)
            {
                for (int ow = 0; ow < geometry.Width.Output; ow++)
                {
                    Span<float> pixel = output.Slice(((image * geometry.Height.Output + oh) * geometry.Width.Output + ow) * outChannels, outChannels);
                    if (bias.IsEmpty) pixel.Clear();
                    else bias.CopyTo(pixel);
                    for (int kh = 0; kh < geometry.Height.Filter; kh++)
                    {
                        int ih = geometry.Height.InputIndex(oh, kh);
                        if ((uint)ih >= (uint)geometry.Height.Input) continue;
                        for (int kw = 0; kw < geometry.Width.Filter; kw++)
                        {
                            int iw = geometry.Width.InputIndex(ow, kw);
                            if ((uint)iw >= (uint)geometry.Width.Input) continue;
                            ReadOnlySpan<float> tap = source.Slice((ih * geometry.Width.Input + iw) * inChannels, inChannels);
                            ReadOnlySpan<float> weights = filter.Slice((kh * geometry.Width.Filter + kw) * outChannels, outChannels);
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
