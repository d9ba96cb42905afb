namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Integer arithmetic of compiled graphs at run time (loop counters, indices): <c>c[i] = a[ia] op b[ib]</c>
/// with each operand indexed as its <see cref="Broadcast"/> says, wrapping on overflow as TensorFlow's
/// integer kernels do. Allocation-free.
/// </summary>
public static class IntegerArithmetic
{
    /// <summary>int32 <c>c = op(a, b)</c>: Add, Sub, Mul, Maximum or Minimum.</summary>
    /// <exception cref="ArgumentException">An operand does not fit <paramref name="c"/> as its mode says.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> is not one of the five.</exception>
    public static void Binary(BinaryOperator op, ReadOnlySpan<int> a, Broadcast aMode, ReadOnlySpan<int> b, Broadcast bMode, int inner, Span<int> c)
    {
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (int)Apply(op, a[BroadcastIndex.Of(aMode, a.Length, inner, i)], b[BroadcastIndex.Of(bMode, b.Length, inner, i)]);
        }
    }

    /// <summary>int64 <c>c = op(a, b)</c>: Add, Sub, Mul, Maximum or Minimum.</summary>
    /// <exception cref="ArgumentException">An operand does not fit <paramref name="c"/> as its mode says.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> is not one of the five.</exception>
    public static void Binary(BinaryOperator op, ReadOnlySpan<long> a, Broadcast aMode, ReadOnlySpan<long> b, Broadcast bMode, int inner, Span<long> c)
    {
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Apply(op, a[BroadcastIndex.Of(aMode, a.Length, inner, i)], b[BroadcastIndex.Of(bMode, b.Length, inner, i)]);
        }
    }

    /// <summary>Whether <paramref name="op"/> is one this class computes.</summary>
    public static bool Supports(BinaryOperator op) => op is BinaryOperator.Add or BinaryOperator.Sub or BinaryOperator.Mul or BinaryOperator.Maximum or BinaryOperator.Minimum;

    // int32 operands widen to long and narrow back: the low 32 bits are the wrapped int32 result.
    private static long Apply(BinaryOperator op, long x, long y) => op switch
    {
        BinaryOperator.Add => unchecked(x + y),
        BinaryOperator.Sub => unchecked(x - y),
        BinaryOperator.Mul => unchecked(x * y),
        BinaryOperator.Maximum => Math.Max(x, y),
        BinaryOperator.Minimum => Math.Min(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Integer arithmetic computes Add, Sub, Mul, Maximum and Minimum."),
    };
}
