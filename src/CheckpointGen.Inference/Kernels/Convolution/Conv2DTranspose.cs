using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>Conv2DBackpropInput</c> (Keras' Conv2DTranspose): the gradient of an NHWC
/// <c>Conv2D</c> with respect to its input, for a filter [H, W, C, O]. Each input pixel's O
/// channels multiply the filter, seen as the [O, H·W·C] matrix (packed once), giving one C-vector
/// per tap; each is added to the result pixel the tap of the forward convolution read from
/// (col2im). The GEMM runs on blocks of input pixels into a caller-planned scratch buffer, so a
/// call allocates nothing.
/// </summary>
/// <remarks>
/// The geometry is the forward convolution's: its input is this op's result ([H, W] of
/// <c>input_sizes</c>), its output this op's input, with TensorFlow's SAME, VALID or EXPLICIT pads.
/// </remarks>
public static class Conv2DTranspose
{
    /// <summary>Input pixels per GEMM block.</summary>
    private const int PixelsPerBlock = 4 * GemmKernels.MaxRows;

    /// <summary>Packs a filter [<paramref name="height"/>, <paramref name="width"/>, <paramref name="outChannels"/>, <paramref name="inChannels"/>] for <see cref="Run"/>.</summary>
    public static PackedMatrix PackFilter(ReadOnlySpan<float> filter, int height, int width, int outChannels, int inChannels, KernelIsa? isa = null) =>
        PackedMatrix.Pack(filter, inChannels, height * width * outChannels, transposed: true, isa);

    /// <summary>The scratch <see cref="Run"/> needs: plan it once with the other buffers.</summary>
    public static int ScratchLength(in ConvGeometry geometry, int outChannels) =>
        PixelsPerBlock * geometry.Height.Filter * geometry.Width.Filter * outChannels;

    /// <summary>
    /// Spreads <paramref name="input"/> [batch, OH, OW, filter.Rows] (OH, OW: the forward
    /// convolution's output) into <paramref name="output"/> [batch, H, W, outChannels] (its input).
    /// </summary>
    [MethodImpl(Hot.Path)]
    public static unsafe void Run(ReadOnlySpan<float> input, int batch, in ConvGeometry geometry, PackedMatrix filter, Span<float> output, Span<float> scratch)
    {
        if (filter is null) throw new ArgumentNullException(nameof(filter));
        WindowAxis rows = geometry.Height, columns = geometry.Width;
        int taps = rows.Filter * columns.Filter;
        if (filter.Columns % taps != 0)
            throw new ArgumentException($"The filter has {filter.Columns} columns; a {rows.Filter}x{columns.Filter} window needs a multiple of {taps}.", nameof(filter));
        int inChannels = filter.Rows, outChannels = filter.Columns / taps;
        // The forward convolution's output is this op's input and the other way round.
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must not be negative.");
        long inNeeded = (long)batch * geometry.OutputPixels * inChannels, outNeeded = (long)batch * geometry.InputPixels * outChannels;
        if (input.Length < inNeeded)
            throw new ArgumentException($"The input has {input.Length} elements; [{batch}, {rows.Output}, {columns.Output}, {inChannels}] needs {inNeeded}.", nameof(input));
        if (output.Length < outNeeded)
            throw new ArgumentException($"The output has {output.Length} elements; [{batch}, {rows.Input}, {columns.Input}, {outChannels}] needs {outNeeded}.", nameof(output));
        if (scratch.Length < ScratchLength(geometry, outChannels))
            throw new ArgumentException($"The scratch has {scratch.Length} elements; this convolution needs {ScratchLength(geometry, outChannels)}.", nameof(scratch));

        output.Slice(0, (int)outNeeded).Clear();
        int pixels = batch * geometry.OutputPixels;
        fixed (float* pin = input, pout = output, pscratch = scratch)
        {
            for (int first = 0; first < pixels; first += PixelsPerBlock)
            {
                int block = Math.Min(PixelsPerBlock, pixels - first);
                Gemm.Gemm.Run(MatrixA.RowMajor(pin + (long)first * inChannels, inChannels), block, filter, 0, inChannels, pscratch, filter.Columns, null, default);
                Scatter(pscratch, first, block, rows, columns, outChannels, pout);
            }
        }
    }

    /// <summary>Adds each tap's vector of input pixels [first, first + count) to the result pixel it lands on; taps landing in the padding are dropped.</summary>
    [MethodImpl(Hot.Path)]
    private static unsafe void Scatter(float* products, int first, int count, WindowAxis rows, WindowAxis columns, int channels, float* output)
    {
        int perImage = rows.Output * columns.Output;
        int tapsLength = rows.Filter * columns.Filter * channels;
        for (int p = 0; p < count; p++)
        {
            int pixel = first + p, image = pixel / perImage, within = pixel % perImage;
            int oh = within / columns.Output, ow = within % columns.Output;
            float* taps = products + (long)p * tapsLength;
            float* imageStart = output + (long)image * rows.Input * columns.Input * channels;
            rows.InsideTaps(oh, out int kh0, out int kh1);
            columns.InsideTaps(ow, out int kw0, out int kw1);
            for (int kh = kh0; kh < kh1; kh++)
            {
                float* row = imageStart + (long)rows.InputIndex(oh, kh) * columns.Input * channels;
                for (int kw = kw0; kw < kw1; kw++)
                {
                    var target = new Span<float>(row + (long)columns.InputIndex(ow, kw) * channels, channels);
                    TensorPrimitives.Add(target, new ReadOnlySpan<float>(taps + (kh * columns.Filter + kw) * channels, channels), target);
                }
            }
        }
    }
}
