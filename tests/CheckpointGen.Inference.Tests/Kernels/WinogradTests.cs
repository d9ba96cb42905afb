using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

public class WinogradTests
{
    // Odd and even output sizes (edge tiles on either axis), each padding rule, a one-pixel output.
    private static readonly NaiveWindows[] Shapes =
    [
        new(13, 13, 3, 3, 1, 1, "VALID"),
        new(12, 10, 3, 3, 1, 1, "VALID"),
        new(7, 8, 3, 3, 1, 1, "SAME"),
        new(6, 6, 3, 3, 1, 1, "SAME"),
        new(5, 6, 3, 3, 1, 1, "EXPLICIT", 2, 0, 1, 3),
        new(3, 3, 3, 3, 1, 1, "VALID"),
        new(1, 2, 3, 3, 1, 1, "SAME"),
    ];

    public static TheoryData<KernelIsa, int, int, int> Cases()
    {
        var data = new TheoryData<KernelIsa, int, int, int>();
        foreach (var isa in IsaPaths.All)
            for (int i = 0; i < Shapes.Length; i++)
                foreach (var (inChannels, outChannels) in new[] { (32, 64), (3, 19), (13, 8) })
                    data.Add(isa, i, inChannels, outChannels);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Winograd_matches_the_direct_convolution(KernelIsa isa, int shape, int inChannels, int outChannels)
    {
        var w = Shapes[shape];
        var geometry = WindowTestCases.Geometry(w);
        Assert.True(WinogradConv2D.Supports(geometry));
        const int batch = 3;
        // Glorot-scale weights, as a trained Keras layer has.
        float scale = (float)Math.Sqrt(6.0 / (9 * (inChannels + outChannels)));
        float[] input = Tolerance.Random(batch * w.Height * w.Width * inChannels, 41);
        float[] filter = Tolerance.Random(9 * inChannels * outChannels, 42, scale);
        float[] bias = Tolerance.Random(outChannels, 43, 0.1f);
        var packed = WinogradConv2D.PackFilter(filter, inChannels, outChannels, isa);
        var scratch = new float[WinogradConv2D.ScratchLength(geometry, inChannels, outChannels)];
        foreach (var activation in new[] { Activation.Relu, Activation.None, Activation.Elu })
        {
            var output = new float[batch * geometry.OutputPixels * outChannels];
            WinogradConv2D.Run(input, batch, inChannels, geometry, packed, output, scratch, activation.Kind == ActivationKind.None ? default : bias, activation);
            var expected = NaiveActivations.Apply(activation, w.Conv(input, batch, inChannels, filter, outChannels, activation.Kind == ActivationKind.None ? null : bias));
            Tolerance.AssertClose(expected, output, $"{isa} {w} {inChannels}->{outChannels} {activation}");
        }
    }

    [Fact]
    public void Winograd_spans_several_blocks_of_tiles_and_allocates_nothing()
    {
        // 64 + 64 channels: a block holds 30 tiles, so the batch's 2 × 100 tiles take seven blocks, one spanning both images, the last partial.
        var w = new NaiveWindows(20, 20, 3, 3, 1, 1, "SAME");
        const int batch = 2, channels = 64, outChannels = 64;
        var geometry = WindowTestCases.Geometry(w);
        float[] input = Tolerance.Random(batch * w.Height * w.Width * channels, 51);
        float[] filter = Tolerance.Random(9 * channels * outChannels, 52, 0.07f), bias = Tolerance.Random(outChannels, 53);
        var packed = WinogradConv2D.PackFilter(filter, channels, outChannels);
        var scratch = new float[WinogradConv2D.ScratchLength(geometry, channels, outChannels)];
        var output = new float[batch * geometry.OutputPixels * outChannels];

        WinogradConv2D.Run(input, batch, channels, geometry, packed, output, scratch, bias, Activation.Relu6);
        Tolerance.AssertClose(NaiveActivations.Apply(Activation.Relu6, w.Conv(input, batch, channels, filter, outChannels, bias)), output, w.ToString());

        long before = GC.GetAllocatedBytesForCurrentThread();
        WinogradConv2D.Run(input, batch, channels, geometry, packed, output, scratch, bias, Activation.Relu6);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Winograd_rejects_what_it_does_not_compute()
    {
        var strided = ConvGeometry.Create(8, 8, 3, 3, 2, 2, Padding.Same);
        var unit = ConvGeometry.Create(8, 8, 3, 3, 1, 1, Padding.Same);
        var fiveByFive = ConvGeometry.Create(8, 8, 5, 5, 1, 1, Padding.Same);
        Assert.False(WinogradConv2D.Supports(strided));
        Assert.False(WinogradConv2D.Supports(fiveByFive));
        Assert.False(WinogradConv2D.Supports(ConvGeometry.Create(8, 8, 3, 3, 1, 1, Padding.Same, 2, 2)));
        var packed = WinogradConv2D.PackFilter(new float[9 * 4 * 8], 4, 8);
        var input = new float[8 * 8 * 4];
        var output = new float[8 * 8 * 8];
        var scratch = new float[WinogradConv2D.ScratchLength(unit, 4, 8)];
        var e = Assert.Throws<ArgumentException>(() => WinogradConv2D.Run(input, 1, 4, strided, packed, output, scratch));
        Assert.Contains("stride 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => WinogradConv2D.Run(input, 1, 2, unit, packed, output, scratch));
        Assert.Contains("64 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => WinogradConv2D.Run(input, 1, 4, unit, packed, output, new float[scratch.Length - 1]));
        Assert.Contains("scratch", e.Message);
        Assert.Throws<ArgumentException>(() => WinogradConv2D.PackFilter(new float[9 * 4 * 8 - 1], 4, 8));
    }
}
