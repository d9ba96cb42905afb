using System.Runtime.CompilerServices;
namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// Where the left operand's elements are: (i, k) at <c>Data[i * RowStride + k * ColStride]</c>, or,
/// when <see cref="SegmentLength"/> is set, K in segments <see cref="SegmentStride"/> apart:
/// <c>Data[i * RowStride + (k / SegmentLength) * SegmentStride + (k % SegmentLength) * ColStride]</c>.
/// </summary>
internal readonly unsafe struct MatrixA(float* data, nint rowStride, nint colStride, int segmentLength = 0, nint segmentStride = 0)
{
    public float* Data { get; } = data;
    public nint RowStride { get; } = rowStride;
    public nint ColStride { get; } = colStride;

    /// <summary>0 for a plain matrix.</summary>
    public int SegmentLength { get; } = segmentLength;
    public nint SegmentStride { get; } = segmentStride;

    /// <summary>Row-major with <paramref name="lda"/> floats per row.</summary>
    public static MatrixA RowMajor(float* data, nint lda) => new(data, lda, 1);

    /// <summary>A pointer to element (i, k), k at a segment start when segmented.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called per row block and K block of the GEMM driver
    public float* At(int i, int k) =>
        Data + i * RowStride + (SegmentLength > 0 ? (nint)(k / SegmentLength) * SegmentStride + (k % SegmentLength) * ColStride : k * ColStride);
}
