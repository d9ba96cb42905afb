namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// The right-hand matrix B [K, N] of a GEMM (weights), rearranged once for a micro-kernel: column
/// panels as wide as the kernel's tile, each stored k-major so the kernel reads it sequentially,
/// the last panel padded with zeros. Pack weights at build time or on first use and keep the
/// instance: packing allocates, multiplying does not.
/// </summary>
public sealed class PackedMatrix
{
    private PackedMatrix(int rows, int columns, int panelWidth, KernelIsa isa, float[] data)
    {
        Rows = rows;
        Columns = columns;
        PanelWidth = panelWidth;
        Isa = isa;
        Data = data;
    }

    /// <summary>K: the rows of B, the inner dimension of the product.</summary>
    public int Rows { get; }

    /// <summary>N: the columns of B and of the product.</summary>
    public int Columns { get; }

    /// <summary>The instruction-set path this layout is for.</summary>
    public KernelIsa Isa { get; }

    internal int PanelWidth { get; }

    internal int PanelCount => (Columns + PanelWidth - 1) / PanelWidth;

    /// <summary>Panel p starts at <c>p * Rows * PanelWidth</c>; its row k holds columns p * PanelWidth onwards.</summary>
    internal float[] Data { get; }

    /// <summary>
    /// Packs <paramref name="b"/>: row-major [<paramref name="rows"/>, <paramref name="columns"/>],
    /// or [<paramref name="columns"/>, <paramref name="rows"/>] when <paramref name="transposed"/>
    /// (MatMul's <c>transpose_b</c>), for <paramref name="isa"/> (default: <see cref="KernelIsaSupport.Best"/>).
    /// </summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int rows, int columns, bool transposed = false, KernelIsa? isa = null)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "K must not be negative.");
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "N must be positive.");
        if (b.Length != (long)rows * columns)
            throw new ArgumentException($"B has {b.Length} elements; [{rows}, {columns}] needs {(long)rows * columns}.", nameof(b));
        KernelIsa target = isa ?? KernelIsaSupport.Best;
        if (!KernelIsaSupport.CanRun(target))
            throw new PlatformNotSupportedException($"The {target} kernels are not available on this target framework.");

        int width = GemmKernels.PanelWidth(target);
        int panels = (columns + width - 1) / width;
        var data = new float[(long)panels * rows * width];
        for (int p = 0; p < panels; p++)
        {
            int firstColumn = p * width;
            int count = Math.Min(width, columns - firstColumn);
            Span<float> panel = data.AsSpan(p * rows * width, rows * width);
            for (int k = 0; k < rows; k++)
            {
                Span<float> destination = panel.Slice(k * width, count);
                if (transposed)
                {
                    for (int j = 0; j < count; j++) destination[j] = b[(firstColumn + j) * rows + k];
                }
                else
                {
                    b.Slice(k * columns + firstColumn, count).CopyTo(destination);
                }
            }
        }
        return new PackedMatrix(rows, columns, width, target, data);
    }
}
