using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>Conv2D</c> (NHWC input, HWIO filter) as GEMM: a 1×1, stride-1, unpadded
/// convolution multiplies the input directly; any other gathers blocks of output pixels' patches
/// (im2col) into a caller-planned scratch buffer, then multiplies them by the packed filter with
/// bias and activation fused. The filter [H, W, I, O] is already the row-major [H·W·I, O] matrix.
/// </summary>
public static class Conv2D
{
    /// <summary>Output pixels per im2col block: a multiple of the micro-kernel's rows.</summary>
    private const int PixelsPerBlock = 8 * GemmKernels.MaxRows;

    /// <summary>Packs an HWIO filter for <see cref="Run"/>.</summary>
    public static PackedMatrix PackFilter(ReadOnlySpan<float> filter, int height, int width, int inChannels, int outChannels, KernelIsa? isa = null) =>
        PackedMatrix.Pack(filter, height * width * inChannels, outChannels, transposed: false, isa);

    /// <summary>The scratch <see cref="Run"/> needs: plan it once with the other buffers.</summary>
    public static int ScratchLength(in ConvGeometry geometry, int inChannels) =>
        IsPointwise(geometry) ? 0 : PixelsPerBlock * geometry.Height.Filter * geometry.Width.Filter * inChannels;

    /// <summary>Convolves <paramref name="input"/> [batch, H, W, inChannels] into <paramref name="output"/> [batch, OH, OW, filter.Columns].</summary>
    public static unsafe void Run(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, PackedMatrix filter,
        Span<float> output, Span<float> scratch, ReadOnlySpan<float> bias = default, Activation activation = default)
    {
        if (filter is null) throw new ArgumentNullException(nameof(filter));
        int patch = geometry.Height.Filter * geometry.Width.Filter * inChannels;
        if (filter.Rows != patch)
            throw new ArgumentException($"The filter has {filter.Rows} rows; a {geometry.Height.Filter}x{geometry.Width.Filter}x{inChannels} patch needs {patch}.", nameof(filter));
        int outChannels = filter.Columns;
        NhwcBuffers.Check(input, batch, inChannels, geometry, output, outChannels);
        NhwcBuffers.CheckBias(bias, outChannels);
        if (scratch.Length < ScratchLength(geometry, inChannels))
            throw new ArgumentException($"The scratch has {scratch.Length} elements; this convolution needs {ScratchLength(geometry, inChannels)}.", nameof(scratch));

        int pixels = batch * geometry.OutputPixels;
        fixed (float* pin = input, pout = output, pscratch = scratch, pbias = bias)
        {
            float* biasPointer = bias.IsEmpty ? null : pbias;
            if (IsPointwise(geometry))
            {
                Gemm.Gemm.Run(pin, inChannels, false, pixels, filter, pout, outChannels, biasPointer, activation);
                return;
            }
            for (int first = 0; first < pixels; first += PixelsPerBlock)
            {
                int count = Math.Min(PixelsPerBlock, pixels - first);
                for (int p = 0; p < count; p++) GatherPatch(pin, inChannels, geometry, first + p, pscratch + (long)p * patch);
                Gemm.Gemm.Run(pscratch, patch, false, count, filter, pout + (long)first * outChannels, outChannels, biasPointer, activation);
            }
        }
    }

    private static bool IsPointwise(in ConvGeometry g) =>
        g.Height.Filter == 1 && g.Width.Filter == 1 && g.Height.Stride == 1 && g.Width.Stride == 1 &&
        g.Height.PadBefore == 0 && g.Width.PadBefore == 0 && g.Height.Output == g.Height.Input && g.Width.Output == g.Width.Input;

    /// <summary>Writes output pixel <paramref name="pixel"/>'s patch in [kh, kw, c] order, zeros for padding.</summary>
    private static unsafe void GatherPatch(float* input, int channels, in ConvGeometry g, int pixel, float* patch)
    {
        int image = pixel / g.OutputPixels, within = pixel % g.OutputPixels;
        int oh = within / g.Width.Output, ow = within % g.Width.Output;
        float* imageStart = input + (long)image * g.InputPixels * channels;
        long tapBytes = (long)channels * sizeof(float);
        for (int kh = 0; kh < g.Height.Filter; kh++)
        {
            int ih = g.Height.InputIndex(oh, kh);
            float* row = patch + (long)kh * g.Width.Filter * channels;
            if ((uint)ih >= (uint)g.Height.Input)
            {
                new Span<float>(row, g.Width.Filter * channels).Clear();
                continue;
            }
            for (int kw = 0; kw < g.Width.Filter; kw++)
            {
                int iw = g.Width.InputIndex(ow, kw);
                float* tap = row + kw * channels;
                if ((uint)iw >= (uint)g.Width.Input) new Span<float>(tap, channels).Clear();
                else Buffer.MemoryCopy(imageStart + ((long)ih * g.Width.Input + iw) * channels, tap, tapBytes, tapBytes);
            }
        }
    }
}
