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
    public static unsafe void Run(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, ReadOnlySpan<float> filter, int multiplier,
        Span<float> output, ReadOnlySpan<float> bias = default, Activation activation = default)
    {
        if (multiplier <= 0) throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The channel multiplier must be positive.");
        int outChannels = inChannels * multiplier;
        long filterNeeded = (long)geometry.Height.Filter * geometry.Width.Filter * outChannels;
        if (filter.Length != filterNeeded)
            throw new ArgumentException($"The filter has {filter.Length} elements; [{geometry.Height.Filter}, {geometry.Width.Filter}, {inChannels}, {multiplier}] needs {filterNeeded}.", nameof(filter));
        NhwcBuffers.Check(input, batch, inChannels, geometry, output, outChannels);
        NhwcBuffers.CheckBias(bias, outChannels);

        fixed (float* pfilter = filter, pbias = bias)
        {
            var reducer = new Reducer(pfilter, bias.IsEmpty ? null : pbias, multiplier, geometry.Width.Filter, activation);
            WindowWalk.Run(input, batch, inChannels, geometry, output, outChannels, ref reducer);
        }
    }

    private readonly unsafe struct Reducer(float* filter, float* bias, int multiplier, int filterWidth, Activation activation) : IWindowReducer
    {
        public void Begin(Span<float> pixel)
        {
            if (bias == null) pixel.Clear();
            else new ReadOnlySpan<float>(bias, pixel.Length).CopyTo(pixel);
        }

        public void Tap(Span<float> pixel, ReadOnlySpan<float> tap, int kh, int kw)
        {
            var weights = new ReadOnlySpan<float>(filter + (long)(kh * filterWidth + kw) * pixel.Length, pixel.Length);
            if (multiplier == 1)
            {
                TensorPrimitives.MultiplyAdd(tap, weights, pixel, pixel);
                return;
            }
            for (int c = 0; c < tap.Length; c++)
            {
                float x = tap[c];
                for (int m = 0, o = c * multiplier; m < multiplier; m++, o++) pixel[o] += x * weights[o];
            }
        }

        public void End(Span<float> pixel, int taps) => Activations.Apply(activation, pixel, pixel);
    }
}
