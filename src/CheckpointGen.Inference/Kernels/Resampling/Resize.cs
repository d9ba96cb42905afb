using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Kernels.Resampling;

/// <summary>
/// TensorFlow's <c>ResizeNearestNeighbor</c> and <c>ResizeBilinear</c> on NHWC float32 images,
/// with its two coordinate rules: <c>align_corners</c> (corner pixels map to corner pixels, scale
/// (in − 1)/(out − 1)) and <c>half_pixel_centers</c> (pixel centres map to pixel centres, as
/// tf.image.resize and Keras' UpSampling2D/Resizing use); neither is the legacy rule (scale in/out
/// from the corner). Source coordinates are computed in float32 as TensorFlow's CPU kernels do, so
/// a coordinate on a pixel boundary rounds the same way.
/// </summary>
public static class Resize
{
    /// <summary>Each result pixel copies the input pixel its coordinate falls in (rounded with <paramref name="alignCorners"/>).</summary>
    [MethodImpl(Hot.Path)]
    public static void NearestNeighbor(ReadOnlySpan<float> input, int batch, int channels, int inHeight, int inWidth, Span<float> output, int outHeight, int outWidth,
        bool alignCorners, bool halfPixelCenters)
    {
        Check(input, batch, channels, inHeight, inWidth, output, outHeight, outWidth, alignCorners, halfPixelCenters);
        float heightScale = Scale(inHeight, outHeight, alignCorners), widthScale = Scale(inWidth, outWidth, alignCorners);
        for (int image = 0; image < batch; image++)
        {
            for (int y = 0; y < outHeight; y++)
            {
                int iy = Nearest(y, heightScale, inHeight, alignCorners, halfPixelCenters);
                ReadOnlySpan<float> row = input.Slice(((image * inHeight) + iy) * inWidth * channels, inWidth * channels);
                Span<float> target = output.Slice(((image * outHeight) + y) * outWidth * channels, outWidth * channels);
                for (int x = 0; x < outWidth; x++)
                {
                    int ix = Nearest(x, widthScale, inWidth, alignCorners, halfPixelCenters);
                    row.Slice(ix * channels, channels).CopyTo(target.Slice(x * channels, channels));
                }
            }
        }
    }

    /// <summary>Each result pixel interpolates the four input pixels around its coordinate, along the width first, then the height.</summary>
    [MethodImpl(Hot.Path)]
    public static unsafe void Bilinear(ReadOnlySpan<float> input, int batch, int channels, int inHeight, int inWidth, Span<float> output, int outHeight, int outWidth,
        bool alignCorners, bool halfPixelCenters)
    {
        Check(input, batch, channels, inHeight, inWidth, output, outHeight, outWidth, alignCorners, halfPixelCenters);
        float heightScale = Scale(inHeight, outHeight, alignCorners), widthScale = Scale(inWidth, outWidth, alignCorners);
        nint rowLength = (nint)inWidth * channels;
        fixed (float* pin = input, pout = output)
        {
            float* pixel = pout;
            for (int image = 0; image < batch; image++)
            {
                float* source = pin + (long)image * inHeight * rowLength;
                for (int y = 0; y < outHeight; y++)
                {
                    Interpolation(y, heightScale, inHeight, halfPixelCenters, out int top, out int bottom, out float yLerp);
                    float* topRow = source + top * rowLength, bottomRow = source + bottom * rowLength;
                    for (int x = 0; x < outWidth; x++, pixel += channels)
                    {
                        Interpolation(x, widthScale, inWidth, halfPixelCenters, out int left, out int right, out float xLerp);
                        float* tl = topRow + (nint)left * channels, tr = topRow + (nint)right * channels;
                        float* bl = bottomRow + (nint)left * channels, br = bottomRow + (nint)right * channels;
                        for (int c = 0; c < channels; c++)
                        {
                            // TensorFlow's compute_lerp, in its order of operations.
                            float upper = tl[c] + (tr[c] - tl[c]) * xLerp;
                            float lower = bl[c] + (br[c] - bl[c]) * xLerp;
                            pixel[c] = upper + (lower - upper) * yLerp;
                        }
                    }
                }
            }
        }
    }

    /// <summary>TensorFlow's CalculateResizeScale.</summary>
    private static float Scale(int inSize, int outSize, bool alignCorners) =>
        alignCorners && outSize > 1 ? (inSize - 1) / (float)(outSize - 1) : inSize / (float)outSize;

    private static int Nearest(int at, float scale, int inSize, bool alignCorners, bool halfPixelCenters)
    {
        float source = halfPixelCenters ? (at + 0.5f) * scale : at * scale;
        // roundf rounds halves away from zero (in double: every float is exact there).
        int index = Math.Min(alignCorners ? (int)Math.Round(source, MidpointRounding.AwayFromZero) : (int)Math.Floor(source), inSize - 1);
        return halfPixelCenters ? Math.Max(0, index) : index;
    }

    private static void Interpolation(int at, float scale, int inSize, bool halfPixelCenters, out int lower, out int upper, out float lerp)
    {
        float source = halfPixelCenters ? (at + 0.5f) * scale - 0.5f : at * scale;
        float floor = (float)Math.Floor(source);
        lower = Math.Max((int)floor, 0);
        upper = Math.Min((int)Math.Ceiling(source), inSize - 1);
        lerp = source - floor;
    }

    private static void Check(ReadOnlySpan<float> input, int batch, int channels, int inHeight, int inWidth, Span<float> output, int outHeight, int outWidth,
        bool alignCorners, bool halfPixelCenters)
    {
        if (alignCorners && halfPixelCenters)
            throw new ArgumentException("align_corners and half_pixel_centers cannot both be set (TensorFlow refuses it).", nameof(halfPixelCenters));
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must not be negative.");
        if (channels <= 0 || inHeight <= 0 || inWidth <= 0 || outHeight <= 0 || outWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), $"Sizes must be positive: [{inHeight}, {inWidth}, {channels}] to [{outHeight}, {outWidth}].");
        long inNeeded = (long)batch * inHeight * inWidth * channels, outNeeded = (long)batch * outHeight * outWidth * channels;
        if (input.Length < inNeeded)
            throw new ArgumentException($"The input has {input.Length} elements; [{batch}, {inHeight}, {inWidth}, {channels}] needs {inNeeded}.", nameof(input));
        if (output.Length < outNeeded)
            throw new ArgumentException($"The output has {output.Length} elements; [{batch}, {outHeight}, {outWidth}, {channels}] needs {outNeeded}.", nameof(output));
    }
}
