using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Inference.Tests.Graphs;

/// <summary>The run-time integer arithmetic and bool logic loops compute with, against plain C# on every broadcast mode.</summary>
public class CounterKernelTests
{
    [Theory]
    [InlineData(BinaryOperator.Add)]
    [InlineData(BinaryOperator.Sub)]
    [InlineData(BinaryOperator.Mul)]
    [InlineData(BinaryOperator.Maximum)]
    [InlineData(BinaryOperator.Minimum)]
    public void Int32_arithmetic_broadcasts_and_wraps_as_tensorflow(BinaryOperator op)
    {
        int[] a = [1, -7, int.MaxValue, int.MinValue, 40, 3];
        int[] row = [2, int.MaxValue, -3];
        int[] column = [5, -1];
        var c = new int[6];

        IntegerArithmetic.Binary(op, a, Broadcast.Same, row, Broadcast.Row, 1, c);
        Assert.Equal(a.Select((x, i) => Expected(op, x, row[i % 3])), c);

        IntegerArithmetic.Binary(op, a, Broadcast.Same, column, Broadcast.Column, 3, c);
        Assert.Equal(a.Select((x, i) => Expected(op, x, column[i / 3])), c);
    }

    [Fact]
    public void Int64_arithmetic_wraps_and_an_unsupported_operator_throws()
    {
        long[] a = [long.MaxValue, -2], b = [1, 3];
        var c = new long[2];

        IntegerArithmetic.Binary(BinaryOperator.Add, a, Broadcast.Same, b, Broadcast.Same, 1, c);

        Assert.Equal([long.MinValue, 1L], c);
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegerArithmetic.Binary(BinaryOperator.Div, a, Broadcast.Same, b, Broadcast.Same, 1, c));
        Assert.False(IntegerArithmetic.Supports(BinaryOperator.Div));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Logical_and_or_broadcast_and_not_negates(bool or)
    {
        bool[] a = [true, true, false, false], b = [true, false];
        var c = new bool[4];

        Logical.Binary(or, a, Broadcast.Same, b, Broadcast.Row, 1, c);
        Assert.Equal(a.Select((x, i) => or ? x || b[i % 2] : x && b[i % 2]), c);

        Logical.Not(a, c);
        Assert.Equal(a.Select(x => !x), c);
        Assert.Throws<ArgumentException>(() => Logical.Not(a, new bool[3]));
    }

    [Fact]
    public void An_operand_that_does_not_fit_throws()
    {
        Assert.Throws<ArgumentException>(() => IntegerArithmetic.Binary(BinaryOperator.Add, new int[3], Broadcast.Same, new int[2], Broadcast.Row, 1, new int[3]));
        Assert.Throws<ArgumentException>(() => Logical.Binary(false, new bool[3], Broadcast.Same, new bool[2], Broadcast.Same, 1, new bool[3]));
    }

    private static int Expected(BinaryOperator op, int x, int y) => op switch
    {
        BinaryOperator.Add => unchecked(x + y),
        BinaryOperator.Sub => unchecked(x - y),
        BinaryOperator.Mul => unchecked(x * y),
        BinaryOperator.Maximum => Math.Max(x, y),
        _ => Math.Min(x, y),
    };
}
