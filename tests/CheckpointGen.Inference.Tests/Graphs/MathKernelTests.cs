using System.Numerics;
using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Inference.Tests.Graphs;

/// <summary>Integer division and the error function against naive references: exact rationals for the divisions, tabulated values for erf and erfc.</summary>
public class MathKernelTests
{
    [Theory]
    [InlineData(BinaryOperator.FloorDiv)]
    [InlineData(BinaryOperator.FloorMod)]
    [InlineData(BinaryOperator.TruncateDiv)]
    [InlineData(BinaryOperator.TruncateMod)]
    public void Integer_division_equals_exact_arithmetic_on_every_sign_and_mode(BinaryOperator op)
    {
        long[] a = [7, -7, 0, long.MaxValue, long.MinValue + 1, -1, 13, -13, 6];
        long[] row = [2, -3, 5];
        var c = new long[a.Length];

        IntegerDivision.Binary(op, a, Broadcast.Same, row, Broadcast.Row, 1, c, "n");
        Assert.Equal(a.Select((x, i) => Reference(op, x, row[i % 3])), c);

        int[] small = [7, -7, 0, int.MaxValue, int.MinValue, -1];
        int[] column = [-4, 3];
        var d = new int[small.Length];
        IntegerDivision.Binary(op, small, Broadcast.Same, column, Broadcast.Column, 3, d, "n");
        Assert.Equal(small.Select((x, i) => (int)Reference(op, x, column[i / 3])), d);
    }

    [Fact]
    public void The_minimum_divided_by_minus_one_wraps_and_a_zero_divisor_names_the_node()
    {
        var c = new long[2];
        IntegerDivision.Binary(BinaryOperator.FloorDiv, [long.MinValue, long.MinValue], Broadcast.Same, [-1L], Broadcast.Row, 1, c, "n");
        Assert.Equal([long.MinValue, long.MinValue], c);
        IntegerDivision.Binary(BinaryOperator.FloorMod, [long.MinValue, 5], Broadcast.Same, [-1L], Broadcast.Row, 1, c, "n");
        Assert.Equal([0L, 0L], c);

        var error = Assert.Throws<DivideByZeroException>(() => IntegerDivision.Binary(BinaryOperator.TruncateMod, [1, 2, 3], Broadcast.Same, [1, 0, 1], Broadcast.Same, 1, new int[3], "model/mod"));
        Assert.Contains("Node 'model/mod' (TruncateMod): integer division by zero (element 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegerDivision.Binary(BinaryOperator.Add, [1], Broadcast.Same, [1], Broadcast.Same, 1, new int[1], "n"));
    }

    /// <summary>erf and erfc from tables (Abramowitz and Stegun; erfc's tail from its asymptotic values), within a float32 ulp or two.</summary>
    [Theory]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(0.1, 0.1124629160182849, 0.8875370839817151)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(1.0, 0.8427007929497149, 0.1572992070502851)]
    [InlineData(-1.5, -0.9661051464753108, 1.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527, 0.004677734981047266)]
    [InlineData(4.0, 0.9999999845827421, 1.541725790028002e-08)]
    [InlineData(-6.0, -1.0, 2.0)]
    public void Erf_and_erfc_equal_their_tables(double x, double erf, double erfc)
    {
        var y = new float[2];
        Elementwise.Unary(UnaryOperator.Erf, 0, [(float)x], y.AsSpan(0, 1));
        Elementwise.Unary(UnaryOperator.Erfc, 0, [(float)x], y.AsSpan(1, 1));

        Assert.Equal(erf, y[0], Math.Abs(erf) * 3e-7 + 1e-12);
        Assert.Equal(erfc, y[1], Math.Abs(erfc) * 3e-7 + 1e-12);
    }

    private static long Reference(BinaryOperator op, long x, long y)
    {
        BigInteger a = x, b = y;
        var truncated = BigInteger.Divide(a, b);
        var floored = (a % b != 0 && (a < 0) != (b < 0)) ? truncated - 1 : truncated;
        var result = op switch
        {
            BinaryOperator.FloorDiv => floored,
            BinaryOperator.FloorMod => a - floored * b,
            BinaryOperator.TruncateDiv => truncated,
            _ => a - truncated * b,
        };
        return (long)result;
    }
}
