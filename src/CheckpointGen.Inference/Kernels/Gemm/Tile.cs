namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// One micro-kernel call: up to <see cref="GemmKernels.MaxRows"/> rows of A times one packed panel of
/// B over a range of K, into a tile of C. Passed by pointer so every kernel has one signature.
/// </summary>
internal unsafe struct Tile
{
    /// <summary>
    /// A at (row 0, k 0) of the tile. K runs in segments of <see cref="SegmentLength"/>: element
    /// (i, k) is <c>A[i * ARowStride + (k / SegmentLength) * SegmentStride + (k % SegmentLength) * AColStride]</c>.
    /// A plain matrix is one segment; a convolution reads each filter row's taps straight from the
    /// input row as one segment, without an im2col copy.
    /// </summary>
    public float* A;
    public nint ARowStride;
    public nint AColStride;
    public int SegmentLength;
    public nint SegmentStride;

    /// <summary>The packed panel at k 0: <see cref="Width"/> floats per k.</summary>
    public float* B;

    /// <summary>A whole number of segments.</summary>
    public int K;

    /// <summary>Floats from one packed panel to the next, for kernels that take two panels.</summary>
    public nint PanelStride;

    public float* C;
    public nint Ldc;

    public int Rows;
    public int Width;

    /// <summary>Add C's current values (a later block of K) instead of starting from <see cref="Bias"/> or zero.</summary>
    public bool Accumulate;

    /// <summary><see cref="Width"/> values the tile starts from, or null for zero.</summary>
    public float* Bias;

    /// <summary>Clamp the result to [<see cref="Lo"/>, <see cref="Hi"/>] (fused ReLU, ReLU6) before storing.</summary>
    public bool Clamp;
    public float Lo;
    public float Hi;
}
