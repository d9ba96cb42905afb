using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Comparisons (bool results) and Select of compiled graphs, with the operands indexed as
/// <see cref="Broadcast"/> says (as <see cref="Elementwise.Binary(BinaryOperator, ReadOnlySpan{float}, Broadcast, ReadOnlySpan{float}, Broadcast, int, Span{float})"/> indexes them), allocation-free.
/// </summary>
public static class Comparisons
{
    /// <summary>
    /// <c>c[i] = a[ia] op b[ib]</c>; NaN compares unequal to everything, as in TensorFlow.
    /// <paramref name="inner"/> is the repeat count of <see cref="Broadcast.Column"/> operands.
    /// </summary>
    public static void Compare<T>(ComparisonOperator op, ReadOnlySpan<T> a, Broadcast aMode, ReadOnlySpan<T> b, Broadcast bMode, int inner, Span<bool> c)
        where T : struct, IComparable<T>
    {
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Test(op, a[BroadcastIndex.Of(aMode, a.Length, inner, i)], b[BroadcastIndex.Of(bMode, b.Length, inner, i)]);
        }
    }

    /// <summary><c>y[i] = condition[ic] ? a[ia] : b[ib]</c> (TensorFlow's Select and SelectV2).</summary>
    public static void Select<T>(ReadOnlySpan<bool> condition, Broadcast conditionMode, ReadOnlySpan<T> a, Broadcast aMode, ReadOnlySpan<T> b, Broadcast bMode, int inner, Span<T> y)
    {
        BroadcastIndex.Check(condition.Length, conditionMode, y.Length, inner, nameof(condition));
        BroadcastIndex.Check(a.Length, aMode, y.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, y.Length, inner, nameof(b));
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = condition[BroadcastIndex.Of(conditionMode, condition.Length, inner, i)]
                ? a[BroadcastIndex.Of(aMode, a.Length, inner, i)]
                : b[BroadcastIndex.Of(bMode, b.Length, inner, i)];
        }
    }

    internal static bool Test<T>(ComparisonOperator op, T x, T y)
        where T : struct, IComparable<T>
    {
        // float's CompareTo orders NaN first; TensorFlow's comparisons are IEEE: false with a NaN (NotEqual true).
        if (typeof(T) == typeof(float) && (float.IsNaN(Unsafe.As<T, float>(ref x)) || float.IsNaN(Unsafe.As<T, float>(ref y))))
        {
            return op == ComparisonOperator.NotEqual;
        }
        int order = x.CompareTo(y);
        return op switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.NotEqual => order != 0,
            ComparisonOperator.Greater => order > 0,
            ComparisonOperator.GreaterEqual => order >= 0,
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessEqual => order <= 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison."),
        };
    }
}
