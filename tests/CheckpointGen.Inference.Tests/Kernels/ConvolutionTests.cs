using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

public class ConvolutionTests
{
    public static TheoryData<KernelIsa, int> ConvCases()
    {
        var data = new TheoryData<KernelIsa, int>();
        foreach (var isa in IsaPaths.All)
            for (int i = 0; i < WindowTestCases.All.Length; i++)
                data.Add(isa, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2D_matches_the_direct_convolution(KernelIsa isa, int caseIndex)
    {
        var w = WindowTestCases.All[caseIndex];
        var geometry = WindowTestCases.Geometry(w);
        Assert.Equal((w.Rows.Out, w.Columns.Out), (geometry.Height.Output, geometry.Width.Output));
        const int batch = 2, channels = 3, outChannels = 19;
        float[] input = Tolerance.Random(batch * w.Height * w.Width * channels, 1);
        float[] filter = Tolerance.Random(w.FilterHeight * w.FilterWidth * channels * outChannels, 2);
        float[] bias = Tolerance.Random(outChannels, 3);
        var output = new float[batch * geometry.OutputPixels * outChannels];
        var scratch = new float[Conv2D.ScratchLength(geometry, channels)];

        Conv2D.Run(input, batch, channels, geometry, Conv2D.PackFilter(filter, w.FilterHeight, w.FilterWidth, channels, outChannels, isa),
            output, scratch, bias, Activation.Relu6);

        var expected = NaiveActivations.Apply(Activation.Relu6, w.Conv(input, batch, channels, filter, outChannels, bias));
        Tolerance.AssertClose(expected, output, $"{isa} {w}");
    }

    public static TheoryData<KernelIsa, int> SingleChannelCases()
    {
        var data = new TheoryData<KernelIsa, int>();
        foreach (var isa in IsaPaths.All)
            for (int i = 0; i < WindowTestCases.All.Length + WideSingleChannel.Length; i++)
                data.Add(isa, i);
        return data;
    }

    // Rows wider than a vector of every width, with and without a whole number of vectors of inner pixels.
    private static readonly NaiveWindows[] WideSingleChannel =
    [
        new(28, 28, 5, 5, 1, 1, "VALID"),
        new(3, 37, 3, 3, 1, 1, "SAME"),
        new(4, 40, 2, 3, 1, 1, "EXPLICIT", 1, 0, 2, 1),
        new(9, 33, 3, 4, 2, 1, "VALID"),
    ];

    [Theory]
    [MemberData(nameof(SingleChannelCases))]
    public void Conv2D_of_one_input_channel_matches_the_direct_convolution(KernelIsa isa, int caseIndex)
    {
        var w = caseIndex < WindowTestCases.All.Length ? WindowTestCases.All[caseIndex] : WideSingleChannel[caseIndex - WindowTestCases.All.Length];
        var geometry = WindowTestCases.Geometry(w);
        const int batch = 2, channels = 1;
        float[] input = Tolerance.Random(batch * w.Height * w.Width, 31);
        foreach (int outChannels in new[] { 1, 6, 8, 9, 16, 17, 32, 64 })
        foreach (var activation in new[] { Activation.Relu6, Activation.Elu, Activation.None })
        {
            float[] filter = Tolerance.Random(w.FilterHeight * w.FilterWidth * outChannels, 32 + outChannels);
            float[] bias = Tolerance.Random(outChannels, 33);
            var output = new float[batch * geometry.OutputPixels * outChannels];
            var scratch = new float[Conv2D.ScratchLength(geometry, channels)];
            var packed = Conv2D.PackFilter(filter, w.FilterHeight, w.FilterWidth, channels, outChannels, isa);

            Conv2D.Run(input, batch, channels, geometry, packed, output, scratch, outChannels == 8 ? default : bias, activation);

            var expected = NaiveActivations.Apply(activation, w.Conv(input, batch, channels, filter, outChannels, outChannels == 8 ? null : bias));
            Tolerance.AssertClose(expected, output, $"{isa} {w} out={outChannels} {activation}");
            if (isa == KernelIsaSupport.Best && outChannels == 6)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Conv2D.Run(input, batch, channels, geometry, packed, output, scratch, bias, activation);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
    }

    [Fact]
    public void Conv2D_spans_several_im2col_blocks()
    {
        var w = new NaiveWindows(13, 11, 3, 3, 1, 1, "SAME");
        const int batch = 3, channels = 4, outChannels = 8;
        var geometry = WindowTestCases.Geometry(w);
        float[] input = Tolerance.Random(batch * w.Height * w.Width * channels, 4), filter = Tolerance.Random(9 * channels * outChannels, 5);
        var output = new float[batch * geometry.OutputPixels * outChannels];
        Conv2D.Run(input, batch, channels, geometry, Conv2D.PackFilter(filter, 3, 3, channels, outChannels), output,
            new float[Conv2D.ScratchLength(geometry, channels)], activation: Activation.Tanh);
        Tolerance.AssertClose(NaiveActivations.Apply(Activation.Tanh, w.Conv(input, batch, channels, filter, outChannels, null)), output, w.ToString());
    }

    public static TheoryData<KernelIsa, int> DeepCases()
    {
        var data = new TheoryData<KernelIsa, int>();
        foreach (var isa in IsaPaths.All)
            foreach (int channels in new[] { 40, 100 })
                data.Add(isa, channels);
        return data;
    }

    // 3 taps × 40 channels per filter row: K blocks of two whole rows (240) then one; × 100: one row (300) per block.
    [Theory]
    [MemberData(nameof(DeepCases))]
    public void Conv2D_blocks_deep_patches_by_whole_filter_rows(KernelIsa isa, int channels)
    {
        var w = new NaiveWindows(5, 11, 3, 3, 1, 1, "SAME");
        const int outChannels = 20;
        var geometry = WindowTestCases.Geometry(w);
        float[] input = Tolerance.Random(w.Height * w.Width * channels, 13, 0.3f), filter = Tolerance.Random(9 * channels * outChannels, 14, 0.3f);
        float[] bias = Tolerance.Random(outChannels, 15);
        var output = new float[geometry.OutputPixels * outChannels];
        Conv2D.Run(input, 1, channels, geometry, Conv2D.PackFilter(filter, 3, 3, channels, outChannels, isa), output,
            new float[Conv2D.ScratchLength(geometry, channels)], bias, Activation.Sigmoid);
        Tolerance.AssertClose(NaiveActivations.Apply(Activation.Sigmoid, w.Conv(input, 1, channels, filter, outChannels, bias)), output, $"{isa} C={channels}");
    }

    public static TheoryData<int, int> DepthwiseCases()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < WindowTestCases.All.Length; i++)
            foreach (int multiplier in new[] { 1, 3 })
                data.Add(i, multiplier);
        return data;
    }

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseConv2D_matches_the_direct_convolution(int caseIndex, int multiplier)
    {
        var w = WindowTestCases.All[caseIndex];
        var geometry = WindowTestCases.Geometry(w);
        const int batch = 2, channels = 11;
        float[] input = Tolerance.Random(batch * w.Height * w.Width * channels, 6);
        float[] filter = Tolerance.Random(w.FilterHeight * w.FilterWidth * channels * multiplier, 7);
        float[] bias = Tolerance.Random(channels * multiplier, 8);
        var output = new float[batch * geometry.OutputPixels * channels * multiplier];

        DepthwiseConv2D.Run(input, batch, channels, geometry, filter, multiplier, output, bias, Activation.Relu);

        var expected = NaiveActivations.Apply(Activation.Relu, w.Depthwise(input, batch, channels, filter, multiplier, bias));
        Tolerance.AssertClose(expected, output, $"{w} x{multiplier}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pooling_matches_the_direct_window_reduction(bool average)
    {
        const int batch = 2;
        foreach (int channels in new[] { 1, 6, 13 })
        foreach (var w in WindowTestCases.All.Where(w => w.Dilation == 1))
        {
            var geometry = WindowTestCases.Geometry(w);
            float[] input = Tolerance.Random(batch * w.Height * w.Width * channels, 9);
            var output = new float[batch * geometry.OutputPixels * channels];
            if (average) Pool2D.Average(input, batch, channels, geometry, output);
            else Pool2D.Max(input, batch, channels, geometry, output);
            Tolerance.AssertClose(w.Pool(input, batch, channels, average), output, $"{(average ? "avg" : "max")} {w} channels={channels}");
        }
    }

    [Fact]
    public void Windowed_ops_allocate_nothing_per_call()
    {
        var geometry = ConvGeometry.Create(12, 12, 3, 3, 1, 1, Padding.Same);
        float[] input = Tolerance.Random(12 * 12 * 4, 10), output = new float[12 * 12 * 8];
        var filter = Conv2D.PackFilter(Tolerance.Random(9 * 4 * 8, 11), 3, 3, 4, 8);
        float[] depthwise = Tolerance.Random(9 * 4, 12), scratch = new float[Conv2D.ScratchLength(geometry, 4)];
        void RunAll()
        {
            Conv2D.Run(input, 1, 4, geometry, filter, output, scratch, activation: Activation.Elu);
            DepthwiseConv2D.Run(input, 1, 4, geometry, depthwise, 1, output, activation: Activation.Relu6);
            Pool2D.Max(input, 1, 4, geometry, output);
            Pool2D.Average(input, 1, 4, geometry, output);
        }
        RunAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Geometry_rejects_windows_that_do_not_fit_and_bad_buffers()
    {
        Assert.Throws<ArgumentException>(() => ConvGeometry.Create(4, 4, 3, 3, 1, 1, Padding.Valid, dilationHeight: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvGeometry.Create(4, 4, 3, 3, 0, 1, Padding.Same));
        var geometry = ConvGeometry.Create(4, 4, 3, 3, 1, 1, Padding.Same);
        var filter = Conv2D.PackFilter(new float[9 * 2 * 5], 3, 3, 2, 5);
        Assert.Throws<ArgumentException>("input", () => Conv2D.Run(new float[31], 1, 2, geometry, filter, new float[80], new float[Conv2D.ScratchLength(geometry, 2)]));
        Assert.Throws<ArgumentException>("scratch", () => Conv2D.Run(new float[32], 1, 2, geometry, filter, new float[80], new float[3]));
        Assert.Throws<ArgumentException>("filter", () => Conv2D.Run(new float[48], 1, 3, geometry, filter, new float[80], new float[1000]));
        Assert.Throws<ArgumentException>("filter", () => DepthwiseConv2D.Run(new float[32], 1, 2, geometry, new float[17], 1, new float[32]));
    }
}
