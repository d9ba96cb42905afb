using System.Numerics.Tensors;

namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// <c>C = op(A) · op(B)</c> with both operands computed at run time (BatchMatMul, MatMul by an
/// activation): B is read where it lies, row by row, instead of being packed as
/// <see cref="Gemm"/>'s constant weights are, so a call allocates nothing and copies nothing.
/// </summary>
public static class UnpackedGemm
{
    /// <summary>Multiplies one pair of matrices.</summary>
    /// <param name="a">Row-major [m, k], or [k, m] when <paramref name="adjointA"/>.</param>
    /// <param name="b">Row-major [k, n], or [n, k] when <paramref name="adjointB"/>.</param>
    /// <param name="m">Rows of the product.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="n">Columns of the product.</param>
    /// <param name="adjointA">Whether <paramref name="a"/> is stored transposed.</param>
    /// <param name="adjointB">Whether <paramref name="b"/> is stored transposed.</param>
    /// <param name="c">Row-major [m, n]; overwritten.</param>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool adjointA, bool adjointB, Span<float> c)
    {
        if (m < 0 || k < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(m), $"[{m}, {k}] · [{k}, {n}] has a negative dimension.");
        if (a.Length != (long)m * k) throw new ArgumentException($"A has {a.Length} elements; [{m}, {k}] needs {(long)m * k}.", nameof(a));
        if (b.Length != (long)k * n) throw new ArgumentException($"B has {b.Length} elements; [{k}, {n}] needs {(long)k * n}.", nameof(b));
        if (c.Length != (long)m * n) throw new ArgumentException($"C has {c.Length} elements; [{m}, {n}] needs {(long)m * n}.", nameof(c));
        if (!adjointB)
        {
            // Row i of C accumulates a(i, p) · row p of B: B streams contiguously, C's row stays in L1.
            c.Clear();
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * n, n);
                for (int p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), adjointA ? a[p * m + i] : a[i * k + p], row, row);
                }
            }
        }
        else if (!adjointA)
        {
            // Bᵀ's columns are B's rows: each element is a dot product of two contiguous rows.
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[i * n + j] = TensorPrimitives.Dot(a.Slice(i * k, k), b.Slice(j * k, k));
        }
        else
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = 0;
                    for (int p = 0; p < k; p++) sum += a[p * m + i] * b[j * k + p];
                    c[i * n + j] = sum;
                }
            }
        }
    }
}
