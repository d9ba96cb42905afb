using CheckpointGen.Inference.Graphs;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

/// <summary>The kernels of typed and computed-operand graph ops against naive references: products of unpacked operands, casts, comparisons, arg reductions.</summary>
public class TypedGraphKernelTests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(7, 13, 5, false, false)]
    [InlineData(7, 13, 5, true, false)]
    [InlineData(7, 13, 5, false, true)]
    [InlineData(7, 13, 5, true, true)]
    [InlineData(3, 300, 33, false, false)]
    // Blocks of 4 rows × two vectors of columns, with leftover rows and columns on both layouts of A.
    [InlineData(9, 37, 40, false, false)]
    [InlineData(9, 37, 40, true, false)]
    [InlineData(8, 5, 64, false, false)]
    public void Unpacked_gemm_matches_the_triple_loop(int m, int k, int n, bool adjointA, bool adjointB)
    {
        var a = Tolerance.Random(m * k, 1);
        var b = Tolerance.Random(k * n, 2);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();

        UnpackedGemm.Multiply(a, b, m, k, n, adjointA, adjointB, c);

        Tolerance.AssertClose(NaiveGemm.Multiply(a, b, m, k, n, adjointA, adjointB, null), c, $"{m}x{k}x{n} {adjointA} {adjointB}");
    }

    [Fact]
    public void Batch_multiply_repeats_each_operands_matrices_as_its_broadcast_mode_says()
    {
        // C has 2 × 3 matrices: A's 2 repeat per 3 (Column, inner 3), B's 3 cycle (Row).
        const int m = 2, k = 3, n = 4;
        var a = Tolerance.Random(2 * m * k, 3);
        var b = Tolerance.Random(3 * k * n, 4);
        var c = new float[6 * m * n];

        MatrixProducts.BatchMultiply(a, Broadcast.Column, b, Broadcast.Row, 3, m, k, n, false, false, c);

        for (var t = 0; t < 6; t++)
        {
            var expected = NaiveGemm.Multiply(a.Skip(t / 3 * m * k).Take(m * k).ToArray(), b.Skip(t % 3 * k * n).Take(k * n).ToArray(), m, k, n, false, false, null);
            Tolerance.AssertClose(expected, c.AsSpan(t * m * n, m * n), $"matrix {t}");
        }
    }

    [Fact]
    public void Batch_multiply_rejects_operands_that_are_not_stacks_of_the_matrices()
    {
        Assert.Throws<ArgumentException>(() => MatrixProducts.BatchMultiply(new float[5], Broadcast.Same, new float[6], Broadcast.Same, 1, 2, 3, 2, false, false, new float[4]));
    }

    [Fact]
    public void Casts_truncate_toward_zero_and_test_for_nonzero()
    {
        float[] x = [-2.7f, -0.5f, 0f, 0.5f, 2.7f, float.NaN];
        var ints = new int[x.Length];
        var bools = new bool[x.Length];
        var longs = new long[3];

        Conversions.Cast(x, ints);
        Conversions.Cast(x, bools);
        Conversions.Cast(new[] { true, false, true }, longs);

        Assert.Equal([-2, 0, 0, 0, 2], ints.Take(5));
        Assert.Equal([true, true, false, true, true, true], bools);
        Assert.Equal([1L, 0L, 1L], longs);
    }

    [Fact]
    public void Comparisons_with_nan_are_false_except_not_equal()
    {
        float[] a = [float.NaN, 1f, 2f];
        var results = new Dictionary<ComparisonOperator, bool[]>();
        foreach (var op in Enum.GetValues<ComparisonOperator>())
        {
            results[op] = new bool[3];
            Comparisons.Compare<float>(op, a, Broadcast.Same, [1f], Broadcast.Row, 1, results[op]);
        }

        Assert.Equal([false, true, false], results[ComparisonOperator.Equal]);
        Assert.Equal([true, false, true], results[ComparisonOperator.NotEqual]);
        Assert.Equal([false, false, true], results[ComparisonOperator.Greater]);
        Assert.Equal([false, true, true], results[ComparisonOperator.GreaterEqual]);
        Assert.Equal([false, false, false], results[ComparisonOperator.Less]);
        Assert.Equal([false, true, false], results[ComparisonOperator.LessEqual]);
    }

    [Fact]
    public void Select_indexes_condition_and_values_by_their_modes()
    {
        var y = new int[6];

        Comparisons.Select<int>([true, false], Broadcast.Column, [1, 2, 3], Broadcast.Row, [-1], Broadcast.Row, 3, y);

        Assert.Equal([1, 2, 3, -1, -1, -1], y);
    }

    [Fact]
    public void Arg_reductions_give_the_first_of_ties_and_a_later_nan_never_wins()
    {
        // [2, 3, 2]: reduce the middle axis.
        float[] x = [1, 5, 3, 5, 3, 0, /**/ 0, 2, 4, 2, 4, float.NaN];
        var max = new long[4];
        var min = new int[4];

        ArgReductions.ArgReduce<float>(false, x, 3, 2, max);
        ArgReductions.ArgReduce<float>(true, x, 3, 2, min);

        Assert.Equal([1L, 0L, 1L, 0L], max);
        Assert.Equal([0, 2, 0, 0], min);
    }

    [Fact]
    public void Typed_kernels_allocate_nothing()
    {
        var a = Tolerance.Random(4 * 8, 5);
        var b = Tolerance.Random(3 * 8 * 6, 6);
        var c = new float[3 * 4 * 6];
        var mask = new bool[c.Length];
        var classes = new long[3 * 4];
        void Run()
        {
            MatrixProducts.BatchMultiply(a, Broadcast.Row, b, Broadcast.Same, 1, 4, 8, 6, false, false, c);
            Comparisons.Compare<float>(ComparisonOperator.Greater, c, Broadcast.Same, a.AsSpan(0, 1), Broadcast.Row, 1, mask);
            Comparisons.Select<float>(mask, Broadcast.Same, c, Broadcast.Same, a.AsSpan(0, 1), Broadcast.Row, 1, c);
            ArgReductions.ArgReduce<float>(false, c, 6, 1, classes);
        }
        Run();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
