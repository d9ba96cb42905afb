namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Integer division of compiled graphs at run time, with TensorFlow's CPU semantics:
/// <see cref="BinaryOperator.FloorDiv"/> and <see cref="BinaryOperator.FloorMod"/> round toward
/// negative infinity (the remainder takes the divisor's sign), <see cref="BinaryOperator.TruncateDiv"/>
/// (also the <c>Div</c> op on integers) and <see cref="BinaryOperator.TruncateMod"/> toward zero.
/// A zero divisor is an error, as TensorFlow's kernels fail with "Integer division by zero"; the
/// one overflowing quotient, the most negative value divided by -1, wraps to itself (remainder 0)
/// where TensorFlow's C++ division is undefined. Allocation-free.
/// </summary>
public static class IntegerDivision
{
    /// <summary>int32 <c>c = op(a, b)</c>, each operand indexed as its <see cref="Broadcast"/> says.</summary>
    /// <param name="op">FloorDiv, FloorMod, TruncateDiv or TruncateMod.</param>
    /// <param name="a">The dividend.</param>
    /// <param name="aMode">How <paramref name="a"/> is indexed.</param>
    /// <param name="b">The divisor.</param>
    /// <param name="bMode">How <paramref name="b"/> is indexed.</param>
    /// <param name="inner">The repeat count of <see cref="Broadcast.Column"/> operands.</param>
    /// <param name="c">The result.</param>
    /// <param name="node">The graph node, named in the error for a zero divisor.</param>
    /// <exception cref="DivideByZeroException">An element of <paramref name="b"/> read is 0.</exception>
    /// <exception cref="ArgumentException">An operand does not fit <paramref name="c"/> as its mode says.</exception>
    public static void Binary(BinaryOperator op, ReadOnlySpan<int> a, Broadcast aMode, ReadOnlySpan<int> b, Broadcast bMode, int inner, Span<int> c, string node)
    {
        Check(op);
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (int)Apply(op, a[BroadcastIndex.Of(aMode, a.Length, inner, i)], b[BroadcastIndex.Of(bMode, b.Length, inner, i)], node, i);
        }
    }

    /// <summary>int64 <c>c = op(a, b)</c>, each operand indexed as its <see cref="Broadcast"/> says.</summary>
    /// <param name="op">FloorDiv, FloorMod, TruncateDiv or TruncateMod.</param>
    /// <param name="a">The dividend.</param>
    /// <param name="aMode">How <paramref name="a"/> is indexed.</param>
    /// <param name="b">The divisor.</param>
    /// <param name="bMode">How <paramref name="b"/> is indexed.</param>
    /// <param name="inner">The repeat count of <see cref="Broadcast.Column"/> operands.</param>
    /// <param name="c">The result.</param>
    /// <param name="node">The graph node, named in the error for a zero divisor.</param>
    /// <exception cref="DivideByZeroException">An element of <paramref name="b"/> read is 0.</exception>
    /// <exception cref="ArgumentException">An operand does not fit <paramref name="c"/> as its mode says.</exception>
    public static void Binary(BinaryOperator op, ReadOnlySpan<long> a, Broadcast aMode, ReadOnlySpan<long> b, Broadcast bMode, int inner, Span<long> c, string node)
    {
        Check(op);
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Apply(op, a[BroadcastIndex.Of(aMode, a.Length, inner, i)], b[BroadcastIndex.Of(bMode, b.Length, inner, i)], node, i);
        }
    }

    /// <summary>Whether <paramref name="op"/> is one this class computes.</summary>
    public static bool Supports(BinaryOperator op) => op is BinaryOperator.FloorDiv or BinaryOperator.FloorMod or BinaryOperator.TruncateDiv or BinaryOperator.TruncateMod;

    /// <summary>One quotient or remainder; int32 operands arrive widened, so only int64's minimum can overflow.</summary>
    public static long Apply(BinaryOperator op, long x, long y, string node, int position)
    {
        if (y == 0) throw new DivideByZeroException($"Node '{node}' ({op}): integer division by zero (element {position} of the result), which TensorFlow's CPU kernel rejects as InvalidArgument.");
        if (y == -1)
        {
            // x / -1 and x % -1 trap for the minimum value in .NET; the quotient wraps, the remainder is 0.
            return op is BinaryOperator.FloorDiv or BinaryOperator.TruncateDiv ? unchecked(-x) : 0;
        }
        long quotient = x / y, remainder = x % y;
        bool adjust = remainder != 0 && (remainder < 0) != (y < 0);
        return op switch
        {
            BinaryOperator.FloorDiv => adjust ? quotient - 1 : quotient,
            BinaryOperator.FloorMod => adjust ? remainder + y : remainder,
            BinaryOperator.TruncateDiv => quotient,
            _ => remainder,
        };
    }

    private static void Check(BinaryOperator op)
    {
        if (!Supports(op)) throw new ArgumentOutOfRangeException(nameof(op), op, "Integer division computes FloorDiv, FloorMod, TruncateDiv and TruncateMod.");
    }
}
