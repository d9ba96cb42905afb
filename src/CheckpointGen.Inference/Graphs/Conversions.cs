namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// TensorFlow's Cast between the run-time element types of compiled graphs, allocation-free:
/// float to integer truncates toward zero, anything to bool is <c>x != 0</c>, bool to a number is 0 or 1.
/// The graph compiler folds constants with the same methods, so folded and run-time casts agree.
/// </summary>
public static class Conversions
{
    /// <summary>float32 → int32, truncating toward zero.</summary>
    public static void Cast(ReadOnlySpan<float> x, Span<int> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = (int)x[i];
    }

    /// <summary>float32 → int64, truncating toward zero.</summary>
    public static void Cast(ReadOnlySpan<float> x, Span<long> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = (long)x[i];
    }

    /// <summary>float32 → bool: <c>x != 0</c> (NaN is true, as in TensorFlow).</summary>
    public static void Cast(ReadOnlySpan<float> x, Span<bool> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] != 0;
    }

    /// <summary>int32 → float32.</summary>
    public static void Cast(ReadOnlySpan<int> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
    }

    /// <summary>int32 → int64.</summary>
    public static void Cast(ReadOnlySpan<int> x, Span<long> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
    }

    /// <summary>int32 → bool: <c>x != 0</c>.</summary>
    public static void Cast(ReadOnlySpan<int> x, Span<bool> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] != 0;
    }

    /// <summary>int64 → float32 (rounded to nearest).</summary>
    public static void Cast(ReadOnlySpan<long> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
    }

    /// <summary>int64 → int32, keeping the low 32 bits as TensorFlow's static_cast does.</summary>
    public static void Cast(ReadOnlySpan<long> x, Span<int> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = unchecked((int)x[i]);
    }

    /// <summary>int64 → bool: <c>x != 0</c>.</summary>
    public static void Cast(ReadOnlySpan<long> x, Span<bool> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] != 0;
    }

    /// <summary>bool → float32: 1 or 0.</summary>
    public static void Cast(ReadOnlySpan<bool> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] ? 1f : 0f;
    }

    /// <summary>bool → int32: 1 or 0.</summary>
    public static void Cast(ReadOnlySpan<bool> x, Span<int> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] ? 1 : 0;
    }

    /// <summary>bool → int64: 1 or 0.</summary>
    public static void Cast(ReadOnlySpan<bool> x, Span<long> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] ? 1L : 0L;
    }

    private static void Check(int source, int destination)
    {
        if (source != destination) throw new ArgumentException($"The destination has {destination} elements; the source {source}.", "y");
    }
}
