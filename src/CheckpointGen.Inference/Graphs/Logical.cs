namespace CheckpointGen.Inference.Graphs;

/// <summary>TensorFlow's LogicalAnd, LogicalOr and LogicalNot on bool tensors (a loop's condition with its iteration limit), allocation-free.</summary>
public static class Logical
{
    /// <summary><c>c[i] = a[ia] &amp;&amp; b[ib]</c> (<paramref name="or"/> false) or <c>a[ia] || b[ib]</c>, each operand indexed as its <see cref="Broadcast"/> says.</summary>
    /// <exception cref="ArgumentException">An operand does not fit <paramref name="c"/> as its mode says.</exception>
    public static void Binary(bool or, ReadOnlySpan<bool> a, Broadcast aMode, ReadOnlySpan<bool> b, Broadcast bMode, int inner, Span<bool> c)
    {
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            bool x = a[BroadcastIndex.Of(aMode, a.Length, inner, i)], y = b[BroadcastIndex.Of(bMode, b.Length, inner, i)];
            c[i] = or ? x | y : x & y;
        }
    }

    /// <summary><c>y[i] = !x[i]</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Not(ReadOnlySpan<bool> x, Span<bool> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Input of {x.Length} elements and output of {y.Length}.", nameof(y));
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = !x[i];
        }
    }
}
