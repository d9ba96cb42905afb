using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

public class GemmTests
{
    // Sizes around the blocking: 6-row blocks, 8/16/32-column panels, 256-deep K blocks.
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 1, 1), (1, 784, 40), (1, 3, 33), (2, 5, 8), (5, 17, 15), (6, 16, 16), (7, 9, 17),
        (12, 257, 32), (13, 300, 7), (19, 31, 65), (64, 40, 48),
    ];

    public static TheoryData<KernelIsa, int, int, int> Cases()
    {
        var data = new TheoryData<KernelIsa, int, int, int>();
        foreach (var isa in IsaPaths.All)
            foreach (var (m, k, n) in Shapes)
                data.Add(isa, m, k, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_naive_product_with_every_transpose_and_bias(KernelIsa isa, int m, int k, int n)
    {
        float[] a = Tolerance.Random(m * k, 1), b = Tolerance.Random(k * n, 2), bias = Tolerance.Random(n, 3);
        foreach (bool transposeA in new[] { false, true })
        foreach (bool transposeB in new[] { false, true })
        foreach (bool withBias in new[] { false, true })
        {
            var packed = PackedMatrix.Pack(b, k, n, transposeB, isa);
            var c = new float[m * n];
            Gemm.Multiply(a, m, packed, c, withBias ? bias : default, Activation.None, transposeA);
            var expected = NaiveGemm.Multiply(a, b, m, k, n, transposeA, transposeB, withBias ? bias : null);
            Tolerance.AssertClose(expected, c, $"{isa} {m}x{k}x{n} tA={transposeA} tB={transposeB} bias={withBias}");
        }
    }

    public static TheoryData<KernelIsa, int> ActivationCases()
    {
        var data = new TheoryData<KernelIsa, int>();
        foreach (var isa in IsaPaths.All)
            for (int i = 0; i < NaiveActivations.All.Count(); i++)
                data.Add(isa, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void Applies_the_epilogue_activation_after_the_last_K_block(KernelIsa isa, int activationIndex)
    {
        var activation = NaiveActivations.All.ElementAt(activationIndex);
        const int k = 520, n = 71; // two K blocks, full panels in pairs and a partial panel
        foreach (int m in new[] { 1, 9 })
        {
            float[] a = Tolerance.Random(m * k, 4, 0.2f), b = Tolerance.Random(k * n, 5, 0.2f), bias = Tolerance.Random(n, 6);
            var c = new float[m * n];
            Gemm.Multiply(a, m, PackedMatrix.Pack(b, k, n, isa: isa), c, bias, activation);
            var expected = NaiveActivations.Apply(activation, NaiveGemm.Multiply(a, b, m, k, n, false, false, bias));
            Tolerance.AssertClose(expected, c, $"{isa} m={m} {activation}");
        }
    }

    [Fact]
    public void An_empty_inner_dimension_gives_the_bias()
    {
        var c = new float[] { 9, 9, 9, 9, 9, 9 };
        Gemm.Multiply(ReadOnlySpan<float>.Empty, 2, PackedMatrix.Pack(ReadOnlySpan<float>.Empty, 0, 3), c, [1, -2, 3], Activation.Relu);
        Assert.Equal(new float[] { 1, 0, 3, 1, 0, 3 }, c);
    }

    [Fact]
    public void Leaves_C_beyond_the_product_untouched()
    {
        var c = Enumerable.Repeat(7f, 3 * 5 + 4).ToArray();
        Gemm.Multiply(Tolerance.Random(3 * 4, 7), 3, PackedMatrix.Pack(Tolerance.Random(4 * 5, 8), 4, 5), c);
        Assert.All(c.AsSpan(15).ToArray(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Allocates_nothing_per_call()
    {
        const int m = 8, k = 300, n = 40;
        float[] a = Tolerance.Random(m * k, 9), bias = Tolerance.Random(n, 10), c = new float[m * n];
        var packed = PackedMatrix.Pack(Tolerance.Random(k * n, 11), k, n);
        Gemm.Multiply(a, m, packed, c, bias, Activation.Sigmoid);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Gemm.Multiply(a, m, packed, c, bias, Activation.Sigmoid);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Rejects_buffers_that_do_not_fit_the_shapes()
    {
        var packed = PackedMatrix.Pack(new float[6], 2, 3);
        Assert.Throws<ArgumentException>("a", () => Gemm.Multiply(new float[3], 2, packed, new float[6]));
        Assert.Throws<ArgumentException>("c", () => Gemm.Multiply(new float[4], 2, packed, new float[5]));
        Assert.Throws<ArgumentException>("bias", () => Gemm.Multiply(new float[4], 2, packed, new float[6], new float[2]));
        Assert.Throws<ArgumentException>("b", () => PackedMatrix.Pack(new float[5], 2, 3));
    }
}
