namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// ArgMax and ArgMin of compiled graphs over the middle axis of [outer, reduce, inner],
/// allocation-free. Ties give the first index, as TensorFlow's CPU kernel does; a NaN after the
/// first element never wins a comparison.
/// </summary>
public static class ArgReductions
{
    /// <summary><c>y[o, i] = the r of the largest (or, <paramref name="min"/>, smallest) x[o, r, i]</c>, as int32.</summary>
    public static void ArgReduce<T>(bool min, ReadOnlySpan<T> x, int reduce, int inner, Span<int> y)
        where T : struct, IComparable<T>
    {
        int outer = Check(x.Length, reduce, inner, y.Length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) y[o * inner + i] = Best(min, x, o * reduce * inner + i, reduce, inner);
    }

    /// <summary><c>y[o, i] = the r of the largest (or, <paramref name="min"/>, smallest) x[o, r, i]</c>, as int64.</summary>
    public static void ArgReduce<T>(bool min, ReadOnlySpan<T> x, int reduce, int inner, Span<long> y)
        where T : struct, IComparable<T>
    {
        int outer = Check(x.Length, reduce, inner, y.Length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) y[o * inner + i] = Best(min, x, o * reduce * inner + i, reduce, inner);
    }

    private static int Best<T>(bool min, ReadOnlySpan<T> x, int start, int reduce, int inner)
        where T : struct, IComparable<T>
    {
        var better = min ? ComparisonOperator.Less : ComparisonOperator.Greater;
        int best = 0;
        T value = x[start];
        for (int r = 1; r < reduce; r++)
        {
            T next = x[start + r * inner];
            if (Comparisons.Test(better, next, value))
            {
                best = r;
                value = next;
            }
        }
        return best;
    }

    private static int Check(int length, int reduce, int inner, int destination)
    {
        if (reduce <= 0 || inner <= 0 || length % ((long)reduce * inner) != 0)
            throw new ArgumentException($"{length} elements are not [outer, {reduce}, {inner}].", "x");
        int outer = length / (reduce * inner);
        if (destination != outer * inner) throw new ArgumentException($"The destination has {destination} elements; [{outer}, {inner}] needs {outer * inner}.", "y");
        return outer;
    }
}
