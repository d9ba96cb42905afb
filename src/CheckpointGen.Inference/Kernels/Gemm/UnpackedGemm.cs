using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
            int i = Vector.IsHardwareAccelerated ? RowBlocks(a, b, m, k, n, adjointA, c) : 0;
            // Rows left over: row i of C accumulates a(i, p) · row p of B, B streaming contiguously.
            for (; i < m; i++)
            {
                var row = c.Slice(i * n, n);
                row.Clear();
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

    /// <summary>
    /// Blocks of <see cref="Rows"/> rows × two vectors of columns, accumulated in registers over all
    /// of K, each row of B read in place (a stride of n between k steps, which the prefetcher
    /// follows): every element of B loaded serves four rows. Columns past the last full tile are
    /// summed one by one. Returns the rows done.
    /// </summary>
    [MethodImpl(Hot.Path)]
    private static int RowBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool adjointA, Span<float> c)
    {
        int w = Vector<float>.Count, width = 2 * w, rows = m / Rows * Rows;
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        nint rowStride = adjointA ? 1 : k, kStride = adjointA ? m : 1;
        for (int i = 0; i < rows; i += Rows)
        {
            ref float ai = ref Unsafe.Add(ref a0, i * rowStride);
            int j = 0;
            for (; j + width <= n; j += width)
            {
                Vector<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
                ref float bj = ref Unsafe.Add(ref b0, j);
                for (int p = 0; p < k; p++)
                {
                    ref float bp = ref Unsafe.Add(ref bj, (nint)p * n);
                    var v0 = Load(ref bp, 0);
                    var v1 = Load(ref bp, w);
                    ref float ap = ref Unsafe.Add(ref ai, p * kStride);
                    float x0 = ap, x1 = Unsafe.Add(ref ap, rowStride), x2 = Unsafe.Add(ref ap, 2 * rowStride), x3 = Unsafe.Add(ref ap, 3 * rowStride);
                    c00 += v0 * x0; c01 += v1 * x0;
                    c10 += v0 * x1; c11 += v1 * x1;
                    c20 += v0 * x2; c21 += v1 * x2;
                    c30 += v0 * x3; c31 += v1 * x3;
                }
                ref float cij = ref Unsafe.Add(ref c0, (nint)i * n + j);
                Store(ref cij, 0, c00); Store(ref cij, w, c01);
                Store(ref cij, n, c10); Store(ref cij, n + w, c11);
                Store(ref cij, 2 * n, c20); Store(ref cij, 2 * n + w, c21);
                Store(ref cij, 3 * n, c30); Store(ref cij, 3 * n + w, c31);
            }
            for (; j < n; j++)
            {
                for (int r = 0; r < Rows; r++)
                {
                    float sum = 0;
                    for (int p = 0; p < k; p++) sum += Unsafe.Add(ref ai, r * rowStride + p * kStride) * Unsafe.Add(ref b0, (nint)p * n + j);
                    Unsafe.Add(ref c0, (nint)(i + r) * n + j) = sum;
                }
            }
        }
        return rows;
    }

    private const int Rows = 4;

    private static Vector<float> Load(ref float source, nint offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, offset)));

    private static void Store(ref float destination, nint offset, Vector<float> value) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, offset)), value);
}
