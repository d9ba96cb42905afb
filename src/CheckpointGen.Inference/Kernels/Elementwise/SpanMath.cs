using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace CheckpointGen.Inference.Kernels.Elementwise;

/// <summary>
/// The TensorPrimitives operations netstandard2.0's System.Numerics.Tensors lacks (span-with-scalar
/// Max/Min, LogP1), with Vector&lt;T&gt; or double-precision scalar stand-ins there.
/// Destinations may alias their source exactly, as in TensorPrimitives.
/// </summary>
internal static class SpanMath
{
    public static void Max(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        TensorPrimitives.Max(x, y, destination);
#else
        ForEach(x, destination, new Vector<float>(y), y, max: true);
#endif
    }

    public static void Min(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        TensorPrimitives.Min(x, y, destination);
#else
        ForEach(x, destination, new Vector<float>(y), y, max: false);
#endif
    }

    /// <summary><c>log(1 + x)</c>, exact for small <c>x</c>.</summary>
    public static void LogP1(ReadOnlySpan<float> x, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        TensorPrimitives.LogP1(x, destination);
#else
        for (int i = 0; i < x.Length; i++) destination[i] = (float)Math.Log(1.0 + x[i]);
#endif
    }

#if !NET8_0_OR_GREATER
    private static void ForEach(ReadOnlySpan<float> x, Span<float> destination, Vector<float> yv, float y, bool max)
    {
        if (destination.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
        int i = 0;
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
        for (; i < xv.Length; i++) dv[i] = max ? Vector.Max(xv[i], yv) : Vector.Min(xv[i], yv);
        for (i *= Vector<float>.Count; i < x.Length; i++) destination[i] = max ? Math.Max(x[i], y) : Math.Min(x[i], y);
    }
#endif
}
