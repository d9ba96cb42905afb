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
            WindowAxis rows = geometry.Height, columns = geometry.Width;
            for (int first = 0; first < pixels; first += PixelsPerBlock)
            {
                int count = Math.Min(PixelsPerBlock, pixels - first);
                GatherPatches(pin, inChannels, rows, columns, first, count, pscratch);
                Gemm.Gemm.Run(pscratch, patch, false, count, filter, pout + (long)first * outChannels, outChannels, biasPointer, activation);
            }
        }
    }

    private static bool IsPointwise(in ConvGeometry g) =>
        g.Height.Filter == 1 && g.Width.Filter == 1 && g.Height.Stride == 1 && g.Width.Stride == 1 &&
        g.Height.PadBefore == 0 && g.Width.PadBefore == 0 && g.Height.Output == g.Height.Input && g.Width.Output == g.Width.Input;

    /// <summary>
    /// Writes the patches of output pixels [first, first + count) as rows of [kh, kw, c], zeros for
    /// padding. With dilation 1 a patch row is one contiguous run of the input row: one copy.
    /// </summary>
    private static unsafe void GatherPatches(float* input, int channels, WindowAxis rows, WindowAxis columns, int first, int count, float* patches)
    {
        int outputPixels = rows.Output * columns.Output;
        int image = first / outputPixels, within = first % outputPixels;
        int oh = within / columns.Output, ow = within % columns.Output;
        int tapRow = columns.Filter * channels;
        float* destination = patches;
        for (int p = 0; p < count; p++)
        {
            float* imageStart = input + (long)image * rows.Input * columns.Input * channels;
            // Taps kwLow..kwHigh-1 fall inside the input row; the others are padding.
            int iw0 = columns.InputIndex(ow, 0);
            int kwLow = 0, kwHigh = columns.Filter;
            if (iw0 < 0) kwLow = Math.Min(columns.Filter, (-iw0 + columns.Dilation - 1) / columns.Dilation);
            if (iw0 + (columns.Filter - 1) * columns.Dilation >= columns.Input)
                kwHigh = Math.Max(kwLow, Math.Min(columns.Filter, (columns.Input - iw0 + columns.Dilation - 1) / columns.Dilation));
            for (int kh = 0; kh < rows.Filter; kh++)
            {
                int ih = rows.InputIndex(oh, kh);
                if ((uint)ih >= (uint)rows.Input)
                {
                    Clear(destination, tapRow);
                }
                else
                {
                    float* source = imageStart + ((long)ih * columns.Input + iw0) * channels;
                    Clear(destination, kwLow * channels);
                    if (columns.Dilation == 1)
                    {
                        Copy(source + kwLow * channels, destination + kwLow * channels, (kwHigh - kwLow) * channels);
                    }
                    else
                    {
                        for (int kw = kwLow; kw < kwHigh; kw++) Copy(source + (long)kw * columns.Dilation * channels, destination + kw * channels, channels);
                    }
                    Clear(destination + kwHigh * channels, (columns.Filter - kwHigh) * channels);
                }
                destination += tapRow;
            }
            if (++ow == columns.Output)
            {
                ow = 0;
                if (++oh == rows.Output)
                {
                    oh = 0;
                    image++;
                }
            }
        }
    }

    private static unsafe void Copy(float* source, float* destination, int count) =>
        new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(destination, count));

    private static unsafe void Clear(float* destination, int count)
    {
        if (count > 0) new Span<float>(destination, count).Clear();
    }
}
