using System.Runtime.CompilerServices;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>Conv2D</c> (NHWC input, HWIO filter) as GEMM against the packed filter, bias and
/// activation fused. The filter [H, W, I, O] is already the row-major [H·W·I, O] matrix, and with
/// width dilation 1 a filter row's taps over an input row are one contiguous run: so the output
/// pixels of a row whose windows lie inside the input width read A straight from the input, one
/// K segment per filter row (no copy). Pixels whose windows cross the left or right padding, and
/// width-dilated convolutions, gather their patches (im2col) into a caller-planned scratch buffer.
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
    [MethodImpl(Hot.Path)]
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

        fixed (float* pin = input, pout = output, pscratch = scratch, pbias = bias)
        {
            float* biasPointer = bias.IsEmpty ? null : pbias;
            var call = new Call(pin, inChannels, geometry, filter, pout, pscratch, biasPointer, activation);
            if (IsPointwise(geometry))
            {
                Gemm.Gemm.Run(MatrixA.RowMajor(pin, inChannels), batch * geometry.OutputPixels, filter, 0, patch, pout, outChannels, biasPointer, activation);
            }
            else if (geometry.Width.Dilation != 1)
            {
                call.Gathered(0, batch * geometry.OutputPixels);
            }
            else
            {
                for (int image = 0; image < batch; image++)
                    for (int oh = 0; oh < geometry.Height.Output; oh++)
                        call.Row(image, oh);
            }
        }
    }

    private static bool IsPointwise(in ConvGeometry g) =>
        g.Height.Filter == 1 && g.Width.Filter == 1 && g.Height.Stride == 1 && g.Width.Stride == 1 &&
        g.Height.PadBefore == 0 && g.Width.PadBefore == 0 && g.Height.Output == g.Height.Input && g.Width.Output == g.Width.Input;

    /// <summary>One convolution's pointers and shapes, for its per-row and per-block steps.</summary>
    private readonly unsafe struct Call(float* input, int channels, ConvGeometry geometry, PackedMatrix filter, float* output, float* scratch, float* bias, Activation activation)
    {
        /// <summary>Output row <paramref name="oh"/> of <paramref name="image"/>: its inner pixels read the input in place, its edge pixels are gathered.</summary>
        [MethodImpl(Hot.Path)]
        public void Row(int image, int oh)
        {
            WindowAxis rows = geometry.Height, columns = geometry.Width;
            int rowPixel = (image * rows.Output + oh) * columns.Output;
            // Inner pixels: every tap of the window inside the input width.
            int inner0 = Math.Min(columns.Output, (columns.PadBefore + columns.Stride - 1) / columns.Stride);
            int lastInside = columns.Input - columns.Filter + columns.PadBefore;
            int inner1 = lastInside < 0 ? inner0 : Math.Max(inner0, Math.Min(columns.Output, lastInside / columns.Stride + 1));
            rows.InsideTaps(oh, out int kh0, out int kh1);
            if (inner1 == inner0 || kh1 == kh0)
            {
                Gathered(rowPixel, columns.Output);
                return;
            }
            Gathered(rowPixel, inner0);
            Gathered(rowPixel + inner1, columns.Output - inner1);

            int tapsPerRow = columns.Filter * channels;
            int ih0 = rows.InputIndex(oh, kh0);
            float* first = input + (((long)image * rows.Input + ih0) * columns.Input + (inner0 * columns.Stride - columns.PadBefore)) * channels;
#if NET8_0_OR_GREATER
            if (SingleChannelWide.Fits(channels, geometry, filter) &&
                SingleChannelWide.TryRun(first, (nint)rows.Dilation * columns.Input, columns.Stride, kh0, kh1 - kh0, filter, columns.Filter, inner1 - inner0,
                    output + (long)(rowPixel + inner0) * filter.Columns, bias, activation))
            {
                return;
            }
            if (SingleChannelRow.Fits(channels, geometry, filter) &&
                SingleChannelRow.TryRun(first, (nint)rows.Dilation * columns.Input, kh0, kh1 - kh0, filter, columns.Filter, inner1 - inner0,
                    output + (long)(rowPixel + inner0) * filter.Columns, bias, activation))
            {
                return;
            }
#endif
            var a = new MatrixA(first, (nint)columns.Stride * channels, 1, tapsPerRow, (nint)rows.Dilation * columns.Input * channels);
            Gemm.Gemm.Run(a, inner1 - inner0, filter, kh0 * tapsPerRow, (kh1 - kh0) * tapsPerRow,
                output + (long)(rowPixel + inner0) * filter.Columns, filter.Columns, bias, activation);
        }

        /// <summary>Output pixels [first, first + count) through im2col blocks.</summary>
        [MethodImpl(Hot.Path)]
        public void Gathered(int first, int count)
        {
            int patch = filter.Rows;
            for (int end = first + count; first < end; first += PixelsPerBlock)
            {
                int block = Math.Min(PixelsPerBlock, end - first);
                GatherPatches(input, channels, geometry.Height, geometry.Width, first, block, scratch);
                Gemm.Gemm.Run(MatrixA.RowMajor(scratch, patch), block, filter, 0, patch, output + (long)first * filter.Columns, filter.Columns, bias, activation);
            }
        }
    }

    /// <summary>
    /// Writes the patches of output pixels [first, first + count) as rows of [kh, kw, c], zeros for
    /// padding. With dilation 1 a patch row is one contiguous run of the input row: one copy.
    /// </summary>
    [MethodImpl(Hot.Path)]
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
            int iw0 = columns.InputIndex(ow, 0);
            columns.InsideTaps(ow, out int kwLow, out int kwHigh);
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
