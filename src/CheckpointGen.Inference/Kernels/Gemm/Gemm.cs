using CheckpointGen.Inference.Kernels.Elementwise;

namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// <c>C = activation(op(A) · B + bias)</c>, TensorFlow's MatMul (+ BiasAdd + activation) in one
/// pass, single-threaded, allocation-free. B is a <see cref="PackedMatrix"/>; A is row-major
/// [M, K], or [K, M] when transposed (<c>transpose_a</c>); C is row-major [M, N].
/// </summary>
public static class Gemm
{
    /// <summary>
    /// K per block when several row blocks share a panel: 256 × 16 floats of B (16 KiB with AVX2)
    /// stay in L1 while every row block of A streams past them.
    /// </summary>
    private const int KBlock = 256;

    /// <summary>Multiplies <paramref name="a"/> (<paramref name="m"/> rows) by <paramref name="b"/> into <paramref name="c"/>.</summary>
    /// <param name="a">Row-major [m, K], or [K, m] when <paramref name="transposeA"/>.</param>
    /// <param name="m">Rows of the product.</param>
    /// <param name="b">The packed weights [K, N].</param>
    /// <param name="c">Row-major [m, N]; overwritten.</param>
    /// <param name="bias">Empty, or N values added to every row.</param>
    /// <param name="activation">Applied last; ReLU and ReLU6 inside the micro-kernel's registers.</param>
    /// <param name="transposeA">Whether <paramref name="a"/> is stored transposed.</param>
    public static unsafe void Multiply(ReadOnlySpan<float> a, int m, PackedMatrix b, Span<float> c,
        ReadOnlySpan<float> bias = default, Activation activation = default, bool transposeA = false)
    {
        if (b is null) throw new ArgumentNullException(nameof(b));
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "M must not be negative.");
        long aNeeded = (long)m * b.Rows, cNeeded = (long)m * b.Columns;
        if (a.Length < aNeeded) throw new ArgumentException($"A has {a.Length} elements; [{m}, {b.Rows}] needs {aNeeded}.", nameof(a));
        if (c.Length < cNeeded) throw new ArgumentException($"C has {c.Length} elements; [{m}, {b.Columns}] needs {cNeeded}.", nameof(c));
        if (!bias.IsEmpty && bias.Length != b.Columns) throw new ArgumentException($"Bias has {bias.Length} elements; N is {b.Columns}.", nameof(bias));

        fixed (float* pa = a, pc = c, pbias = bias)
        {
            nint lda = transposeA ? m : b.Rows;
            Run(pa, lda, transposeA, m, b, pc, b.Columns, bias.IsEmpty ? null : pbias, activation);
        }
    }

    /// <summary>The unchecked core, also used by the convolutions on their own buffers.</summary>
    internal static unsafe void Run(float* a, nint lda, bool transposeA, int m, PackedMatrix b, float* c, nint ldc, float* bias, Activation activation)
    {
        int kTotal = b.Rows, n = b.Columns, width = b.PanelWidth;
        if (m == 0) return;
        bool fused = activation.IsClamp(out float lo, out float hi);
        nint rowStride = transposeA ? 1 : lda, colStride = transposeA ? lda : 1;
        var full = GemmKernels.For(b.Isa, GemmKernels.MaxRows);
        var tail = GemmKernels.For(b.Isa, m % GemmKernels.MaxRows == 0 ? GemmKernels.MaxRows : m % GemmKernels.MaxRows);

        // A single row block gains nothing from K blocking: B is read once either way.
        int kBlock = m <= GemmKernels.MaxRows ? Math.Max(kTotal, 1) : KBlock;
        float* edge = stackalloc float[GemmKernels.MaxRows * width];
        float* edgeBias = stackalloc float[width];
        Tile t = default;
        t.Width = width;
        t.Lo = lo;
        t.Hi = hi;

        fixed (float* packed = b.Data)
        {
            int k0 = 0;
            do
            {
                int kc = Math.Min(kBlock, kTotal - k0);
                bool first = k0 == 0, last = k0 + kc == kTotal;
                t.K = kc;
                t.Accumulate = !first;
                t.Clamp = fused && last;
                for (int p = 0; p < b.PanelCount; p++)
                {
                    int j0 = p * width, columns = Math.Min(width, n - j0);
                    bool partial = columns < width;
                    t.B = packed + (long)p * kTotal * width + (long)k0 * width;
                    t.Bias = !first || bias == null ? null : partial ? Pad(bias + j0, columns, edgeBias, width) : bias + j0;
                    for (int i0 = 0; i0 < m; i0 += GemmKernels.MaxRows)
                    {
                        int rows = Math.Min(GemmKernels.MaxRows, m - i0);
                        t.A = a + i0 * rowStride + k0 * colStride;
                        t.ARowStride = rowStride;
                        t.AColStride = colStride;
                        t.Rows = rows;
                        float* target = c + i0 * ldc + j0;
                        if (partial)
                        {
                            if (!first) CopyTile(target, ldc, edge, width, rows, columns);
                            t.C = edge;
                            t.Ldc = width;
                        }
                        else
                        {
                            t.C = target;
                            t.Ldc = ldc;
                        }
                        (rows == GemmKernels.MaxRows ? full : tail)(&t);
                        if (partial) CopyTile(edge, width, target, ldc, rows, columns);
                    }
                }
                k0 += kc;
            }
            while (k0 < kTotal);
        }

        if (!fused && activation.Kind != ActivationKind.None)
        {
            for (int i = 0; i < m; i++)
            {
                var row = new Span<float>(c + i * ldc, n);
                Activations.Apply(activation, row, row);
            }
        }
    }

    private static unsafe float* Pad(float* source, int count, float* destination, int width)
    {
        for (int j = 0; j < width; j++) destination[j] = j < count ? source[j] : 0f;
        return destination;
    }

    private static unsafe void CopyTile(float* source, nint sourceStride, float* destination, nint destinationStride, int rows, int columns)
    {
        for (int i = 0; i < rows; i++)
            new ReadOnlySpan<float>(source + i * sourceStride, columns).CopyTo(new Span<float>(destination + i * destinationStride, columns));
    }
}
