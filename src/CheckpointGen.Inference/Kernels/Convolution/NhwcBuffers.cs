using System.Runtime.CompilerServices;
namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>The size checks every NHWC windowed op makes on its buffers.</summary>
internal static class NhwcBuffers
{
    [MethodImpl(Hot.Path)]
    public static void Check(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, Span<float> output, int outChannels)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must not be negative.");
        if (inChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "Channels must be positive.");
        long inNeeded = (long)batch * geometry.InputPixels * inChannels;
        long outNeeded = (long)batch * geometry.OutputPixels * outChannels;
        if (input.Length < inNeeded)
            throw new ArgumentException($"The input has {input.Length} elements; [{batch}, {geometry.Height.Input}, {geometry.Width.Input}, {inChannels}] needs {inNeeded}.", nameof(input));
        if (output.Length < outNeeded)
            throw new ArgumentException($"The output has {output.Length} elements; [{batch}, {geometry.Height.Output}, {geometry.Width.Output}, {outChannels}] needs {outNeeded}.", nameof(output));
    }

    [MethodImpl(Hot.Path)]
    public static void CheckBias(ReadOnlySpan<float> bias, int channels)
    {
        if (!bias.IsEmpty && bias.Length != channels)
            throw new ArgumentException($"The bias has {bias.Length} elements; the output has {channels} channels.", nameof(bias));
    }
}
