using System.Numerics;
using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// The per-tile input and output transforms of <see cref="WinogradConv2D"/>, a vector of channels
/// at a time: in NHWC a pixel's channels are contiguous, so a tile's transform is the same adds on
/// every lane. <see cref="Vector{T}"/> rather than the micro-kernels' <c>ISimd</c> so that one body
/// serves netstandard2.0 too; the last partial vector of channels goes through a stack copy.
/// </summary>
internal static unsafe class WinogradTransforms
{
    /// <summary>
    /// <c>V = Bᵀ d B</c> of one tile: <paramref name="patch"/> holds the 16 input pixels (row-major
    /// 4×4), V's position k is written at <c>v + k · positionStride</c>, channel-contiguous.
    /// </summary>
    [MethodImpl(Hot.Path)]
    public static void Input(float** patch, int channels, float* v, nint positionStride)
    {
        int width = Vector<float>.Count, c = 0;
        for (; c + width <= channels; c += width) InputVector(patch, c, v + c, positionStride);
        if (c == channels) return;
        float** staged = stackalloc float*[16];
        float* buffer = stackalloc float[16 * width];
        int tail = channels - c;
        for (int k = 0; k < 16; k++)
        {
            staged[k] = buffer + k * width;
            for (int j = 0; j < width; j++) staged[k][j] = j < tail ? patch[k][c + j] : 0f;
        }
        InputVector(staged, 0, v + c, positionStride);
    }

    /// <summary>
    /// <c>Y = Aᵀ M A</c> of one tile, plus <paramref name="bias"/>, clamped when asked: M's position
    /// k at <c>m + k · positionStride</c>; the four output pixels (row-major 2×2) written where
    /// <paramref name="pixels"/> is not null.
    /// </summary>
    [MethodImpl(Hot.Path)]
    public static void Output(float* m, nint positionStride, int channels, float* bias, bool clamp, float lo, float hi, float** pixels)
    {
        int width = Vector<float>.Count, c = 0;
        var low = new Vector<float>(lo);
        var high = new Vector<float>(hi);
        float* y = stackalloc float[4 * width];
        for (; c < channels; c += width)
        {
            int count = Math.Min(width, channels - c);
            // M's rows are padded to whole vectors: a partial vector reads padding, then stores only the channels.
            Vector<float> b = Vector<float>.Zero;
            if (bias != null)
            {
                if (count == width)
                {
                    b = Load(bias + c);
                }
                else
                {
                    for (int j = 0; j < width; j++) y[j] = j < count ? bias[c + j] : 0f;
                    b = Load(y);
                }
            }
            OutputVector(m + c, positionStride, b, out var y00, out var y01, out var y10, out var y11);
            if (clamp)
            {
                y00 = Vector.Min(Vector.Max(y00, low), high);
                y01 = Vector.Min(Vector.Max(y01, low), high);
                y10 = Vector.Min(Vector.Max(y10, low), high);
                y11 = Vector.Min(Vector.Max(y11, low), high);
            }
            if (count == width)
            {
                if (pixels[0] != null) Store(pixels[0] + c, y00);
                if (pixels[1] != null) Store(pixels[1] + c, y01);
                if (pixels[2] != null) Store(pixels[2] + c, y10);
                if (pixels[3] != null) Store(pixels[3] + c, y11);
                continue;
            }
            Store(y, y00);
            Store(y + width, y01);
            Store(y + 2 * width, y10);
            Store(y + 3 * width, y11);
            for (int k = 0; k < 4; k++)
            {
                if (pixels[k] == null) continue;
                for (int j = 0; j < count; j++) pixels[k][c + j] = y[k * width + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputVector(float** p, int offset, float* v, nint stride)
    {
        // Bᵀ d column by column, then each resulting row times B.
        Column(p[0] + offset, p[4] + offset, p[8] + offset, p[12] + offset, out var e00, out var e10, out var e20, out var e30);
        Column(p[1] + offset, p[5] + offset, p[9] + offset, p[13] + offset, out var e01, out var e11, out var e21, out var e31);
        Column(p[2] + offset, p[6] + offset, p[10] + offset, p[14] + offset, out var e02, out var e12, out var e22, out var e32);
        Column(p[3] + offset, p[7] + offset, p[11] + offset, p[15] + offset, out var e03, out var e13, out var e23, out var e33);
        Row(e00, e01, e02, e03, v, stride);
        Row(e10, e11, e12, e13, v + 4 * stride, stride);
        Row(e20, e21, e22, e23, v + 8 * stride, stride);
        Row(e30, e31, e32, e33, v + 12 * stride, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column(float* d0, float* d1, float* d2, float* d3, out Vector<float> e0, out Vector<float> e1, out Vector<float> e2, out Vector<float> e3) =>
        BTranspose(Load(d0), Load(d1), Load(d2), Load(d3), out e0, out e1, out e2, out e3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(Vector<float> x0, Vector<float> x1, Vector<float> x2, Vector<float> x3, float* v, nint stride)
    {
        BTranspose(x0, x1, x2, x3, out var y0, out var y1, out var y2, out var y3);
        Store(v, y0);
        Store(v + stride, y1);
        Store(v + 2 * stride, y2);
        Store(v + 3 * stride, y3);
    }

    /// <summary>Bᵀ = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]] applied to four values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BTranspose(Vector<float> x0, Vector<float> x1, Vector<float> x2, Vector<float> x3,
        out Vector<float> y0, out Vector<float> y1, out Vector<float> y2, out Vector<float> y3)
    {
        y0 = x0 - x2;
        y1 = x1 + x2;
        y2 = x2 - x1;
        y3 = x1 - x3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputVector(float* m, nint stride, Vector<float> bias,
        out Vector<float> y00, out Vector<float> y01, out Vector<float> y10, out Vector<float> y11)
    {
        // Aᵀ M column by column (rows r of M are positions 4r..4r+3), then each resulting row times A.
        ATranspose(Load(m), Load(m + 4 * stride), Load(m + 8 * stride), Load(m + 12 * stride), out var s00, out var s10);
        ATranspose(Load(m + stride), Load(m + 5 * stride), Load(m + 9 * stride), Load(m + 13 * stride), out var s01, out var s11);
        ATranspose(Load(m + 2 * stride), Load(m + 6 * stride), Load(m + 10 * stride), Load(m + 14 * stride), out var s02, out var s12);
        ATranspose(Load(m + 3 * stride), Load(m + 7 * stride), Load(m + 11 * stride), Load(m + 15 * stride), out var s03, out var s13);
        ATranspose(s00, s01, s02, s03, out y00, out y01);
        ATranspose(s10, s11, s12, s13, out y10, out y11);
        y00 += bias;
        y01 += bias;
        y10 += bias;
        y11 += bias;
    }

    /// <summary>Aᵀ = [[1, 1, 1, 0], [0, 1, -1, -1]] applied to four values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ATranspose(Vector<float> x0, Vector<float> x1, Vector<float> x2, Vector<float> x3, out Vector<float> y0, out Vector<float> y1)
    {
        y0 = x0 + x1 + x2;
        y1 = x1 - x2 - x3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(float* source) => Unsafe.ReadUnaligned<Vector<float>>(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* destination, Vector<float> value) => Unsafe.WriteUnaligned(destination, value);
}
