using System.Runtime.CompilerServices;
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
    [MethodImpl(Hot.Path)]
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
            var operand = transposeA ? new MatrixA(pa, 1, lda) : MatrixA.RowMajor(pa, lda);
            Run(operand, m, b, 0, b.Rows, pc, b.Columns, bias.IsEmpty ? null : pbias, activation);
        }
    }

    /// <summary>
    /// The unchecked core, also used by the convolutions on their own buffers:
    /// C = activation(A · B[kStart..kStart+kCount) + bias). A segmented A is split into K blocks of
    /// whole segments.
    /// </summary>
#if NET8_0_OR_GREATER
    [SkipLocalsInit] // the edge tiles are written before they are read
#endif
    [MethodImpl(Hot.Path)]
    internal static unsafe void Run(in MatrixA a, int m, PackedMatrix b, int kStart, int kCount,
        float* c, nint ldc, float* bias, Activation activation)
    {
        int n = b.Columns, width = b.PanelWidth;
        if (m == 0) return;
        bool fused = activation.IsClamp(out float lo, out float hi);
        var full = GemmKernels.For(b.Isa, GemmKernels.MaxRows);
        var tail = GemmKernels.For(b.Isa, m % GemmKernels.MaxRows == 0 ? GemmKernels.MaxRows : m % GemmKernels.MaxRows);
        // One row (batch 1) takes full panels two at a time where the ISA has a pair kernel.
        var pair = m == 1 ? GemmKernels.ForRowPair(b.Isa) : null;
        int fullPanels = n / width;

        // A single row block gains nothing from K blocking: B is read once either way.
        int kBlock = m <= GemmKernels.MaxRows ? Math.Max(kCount, 1) : KBlock;
        int segment = a.SegmentLength;
        if (segment > 0) kBlock = segment >= kBlock ? segment : kBlock / segment * segment;
        float* edge = stackalloc float[GemmKernels.MaxRows * width];
        float* edgeBias = stackalloc float[width];
        Tile t = default;
        t.Width = width;
        t.Lo = lo;
        t.Hi = hi;
        t.ARowStride = a.RowStride;
        t.AColStride = a.ColStride;
        t.PanelStride = (nint)b.Rows * width;

        fixed (float* packed = b.Data)
        {
            int k0 = 0;
            do
            {
                int kc = Math.Min(kBlock, kCount - k0);
                bool first = k0 == 0, last = k0 + kc == kCount;
                t.K = kc;
                t.SegmentLength = segment > 0 ? segment : kc;
                t.SegmentStride = a.SegmentStride;
                t.Accumulate = !first;
                t.Clamp = fused && last;
                for (int p = 0; p < b.PanelCount; p++)
                {
                    if (pair != null && p + 1 < fullPanels)
                    {
                        t.B = packed + p * t.PanelStride + (long)(kStart + k0) * width;
                        t.Bias = first && bias != null ? bias + p * width : null;
                        t.A = a.At(0, k0);
                        t.Rows = 1;
                        t.C = c + p * width;
                        t.Ldc = ldc;
                        pair(&t);
                        p++;
                        continue;
                    }
                    int j0 = p * width, columns = Math.Min(width, n - j0);
                    bool partial = columns < width;
                    t.B = packed + (long)p * b.Rows * width + (long)(kStart + k0) * width;
                    t.Bias = !first || bias == null ? null : partial ? Pad(bias + j0, columns, edgeBias, width) : bias + j0;
                    for (int i0 = 0; i0 < m; i0 += GemmKernels.MaxRows)
                    {
                        int rows = Math.Min(GemmKernels.MaxRows, m - i0);
                        t.A = a.At(i0, k0);
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
            while (k0 < kCount);
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

    [MethodImpl(Hot.Path)]
    private static unsafe float* Pad(float* source, int count, float* destination, int width)
    {
        for (int j = 0; j < width; j++) destination[j] = j < count ? source[j] : 0f;
        return destination;
    }

    // A tile is at most two vectors wide: a plain loop, no call per row.
    [MethodImpl(Hot.Path)]
    private static unsafe void CopyTile(float* source, nint sourceStride, float* destination, nint destinationStride, int rows, int columns)
    {
        for (int i = 0; i < rows; i++, source += sourceStride, destination += destinationStride)
            for (int j = 0; j < columns; j++) destination[j] = source[j];
    }
}
