using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Inference.Graphs;

/// <summary>BatchMatMul of compiled graphs: a stack of matrix products whose batch dimensions broadcast, allocation-free.</summary>
public static class MatrixProducts
{
    /// <summary>
    /// <c>c[t] = op(a[ta]) · op(b[tb])</c> for every matrix t of <paramref name="c"/> ([batch…, m, n]);
    /// the matrices of each operand are indexed by t as its <see cref="Broadcast"/> says (a constant
    /// [k, n] B against a stack of A is <see cref="Broadcast.Row"/>).
    /// </summary>
    /// <param name="a">A stack of [m, k] matrices ([k, m] when <paramref name="adjointA"/>).</param>
    /// <param name="aMode">How A's matrices repeat over C's.</param>
    /// <param name="b">A stack of [k, n] matrices ([n, k] when <paramref name="adjointB"/>).</param>
    /// <param name="bMode">How B's matrices repeat over C's.</param>
    /// <param name="inner">The repeat count of a <see cref="Broadcast.Column"/> operand, in matrices.</param>
    /// <param name="m">Rows of each product.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="n">Columns of each product.</param>
    /// <param name="adjointA">adj_x: A's matrices are stored transposed.</param>
    /// <param name="adjointB">adj_y: B's matrices are stored transposed.</param>
    /// <param name="c">The products, row-major.</param>
    public static void BatchMultiply(ReadOnlySpan<float> a, Broadcast aMode, ReadOnlySpan<float> b, Broadcast bMode, int inner,
        int m, int k, int n, bool adjointA, bool adjointB, Span<float> c)
    {
        int aSize = m * k, bSize = k * n, cSize = m * n;
        if (aSize <= 0 || bSize <= 0 || cSize <= 0 || a.Length % aSize != 0 || b.Length % bSize != 0 || c.Length % cSize != 0)
            throw new ArgumentException($"Operands of {a.Length}, {b.Length} and {c.Length} elements are not stacks of [{m}, {k}], [{k}, {n}] and [{m}, {n}] matrices.", nameof(c));
        int aCount = a.Length / aSize, bCount = b.Length / bSize, count = c.Length / cSize;
        BroadcastIndex.Check(aCount, aMode, count, inner, nameof(a));
        BroadcastIndex.Check(bCount, bMode, count, inner, nameof(b));
        for (int t = 0; t < count; t++)
        {
            UnpackedGemm.Multiply(a.Slice(BroadcastIndex.Of(aMode, aCount, inner, t) * aSize, aSize), b.Slice(BroadcastIndex.Of(bMode, bCount, inner, t) * bSize, bSize),
                m, k, n, adjointA, adjointB, c.Slice(t * cSize, cSize));
        }
    }
}
