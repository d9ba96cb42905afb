using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

public class Conv2DTransposeTests
{
    /// <summary>Every window shape of the convolution tests, on every ISA path: each input pixel's taps spread to the pixels the forward convolution read them from.</summary>
    [Theory]
    [MemberData(nameof(ConvolutionTests.ConvCases), MemberType = typeof(ConvolutionTests))]
    public void Conv2DTranspose_matches_the_direct_scatter(KernelIsa isa, int caseIndex)
    {
        var w = WindowTestCases.All[caseIndex];
        var geometry = WindowTestCases.Geometry(w);
        const int batch = 2, inChannels = 5, outChannels = 19;
        float[] input = Tolerance.Random(batch * w.Rows.Out * w.Columns.Out * inChannels, 1);
        float[] filter = Tolerance.Random(w.FilterHeight * w.FilterWidth * outChannels * inChannels, 2);
        var output = Tolerance.Random(batch * w.Height * w.Width * outChannels, 3);
        var scratch = new float[Conv2DTranspose.ScratchLength(geometry, outChannels)];

        Conv2DTranspose.Run(input, batch, geometry, Conv2DTranspose.PackFilter(filter, w.FilterHeight, w.FilterWidth, outChannels, inChannels, isa), output, scratch);

        Tolerance.AssertClose(Scatter(w, input, batch, filter, inChannels, outChannels), output, $"{isa} {w}");
    }

    [Fact]
    public void A_call_allocates_nothing()
    {
        var w = WindowTestCases.All[1];
        var geometry = WindowTestCases.Geometry(w);
        var packed = Conv2DTranspose.PackFilter(Tolerance.Random(w.FilterHeight * w.FilterWidth * 4 * 3, 4), w.FilterHeight, w.FilterWidth, 4, 3);
        float[] input = Tolerance.Random(w.Rows.Out * w.Columns.Out * 3, 5), output = new float[w.Height * w.Width * 4];
        var scratch = new float[Conv2DTranspose.ScratchLength(geometry, 4)];
        Conv2DTranspose.Run(input, 1, geometry, packed, output, scratch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Conv2DTranspose.Run(input, 1, geometry, packed, output, scratch);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Short_buffers_are_argument_errors()
    {
        var geometry = WindowTestCases.Geometry(WindowTestCases.All[0]);
        var packed = Conv2DTranspose.PackFilter(new float[3 * 3 * 2 * 2], 3, 3, 2, 2);

        Assert.Throws<ArgumentException>(() => Conv2DTranspose.Run(new float[5 * 5 * 2], 1, geometry, packed, new float[5 * 5 * 2 - 1], new float[Conv2DTranspose.ScratchLength(geometry, 2)]));
        Assert.Throws<ArgumentException>(() => Conv2DTranspose.Run(new float[5 * 5 * 2], 1, geometry, packed, new float[5 * 5 * 2], new float[1]));
        Assert.Throws<ArgumentException>(() => Conv2DTranspose.Run(new float[5 * 5 * 2 - 1], 1, geometry, packed, new float[5 * 5 * 2], new float[Conv2DTranspose.ScratchLength(geometry, 2)]));
    }

    /// <summary>The transposed convolution written as TensorFlow defines it: y[n, ih, iw, c] = Σ x[n, oh, ow, o] · w[kh, kw, c, o] over the (oh, ow, kh, kw) whose forward tap reads (ih, iw).</summary>
    private static float[] Scatter(NaiveWindows w, float[] input, int batch, float[] filter, int inChannels, int outChannels)
    {
        var sums = new double[batch * w.Height * w.Width * outChannels];
        for (int n = 0; n < batch; n++)
        for (int oh = 0; oh < w.Rows.Out; oh++)
        for (int ow = 0; ow < w.Columns.Out; ow++)
        for (int kh = 0; kh < w.FilterHeight; kh++)
        for (int kw = 0; kw < w.FilterWidth; kw++)
        {
            int ih = oh * w.Stride - w.Rows.Before + kh * w.Dilation, iw = ow * w.Stride - w.Columns.Before + kw * w.Dilation;
            if (ih < 0 || ih >= w.Height || iw < 0 || iw >= w.Width) continue;
            for (int c = 0; c < outChannels; c++)
            for (int o = 0; o < inChannels; o++)
                sums[((n * w.Height + ih) * w.Width + iw) * outChannels + c] +=
                    (double)input[((n * w.Rows.Out + oh) * w.Columns.Out + ow) * inChannels + o] * filter[((kh * w.FilterWidth + kw) * outChannels + c) * inChannels + o];
        }
        return sums.Select(s => (float)s).ToArray();
    }
}
