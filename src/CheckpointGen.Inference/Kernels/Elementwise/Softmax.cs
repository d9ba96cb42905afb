using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Kernels.Elementwise;

/// <summary>
/// TensorFlow's <c>Softmax</c> and <c>LogSoftmax</c> over the last axis of a row-major
/// [rows, width] tensor, shifted by each row's maximum so no exponent overflows.
/// <c>destination</c> may be <c>x</c>; nothing is allocated.
/// </summary>
public static class Softmax
{
    private const int Chunk = 256;

    /// <summary>
    /// Rows up to this width (a classifier's few classes) take a plain loop: TensorPrimitives' generic
    /// code runs unoptimized for the first seconds of a process (about 2.7 µs for 10 classes, then
    /// 0.1 µs), and its vectors gain nothing over so few elements.
    /// </summary>
    private const int ShortRow = 32;

    /// <summary><c>exp(x - max) / sum(exp(x - max))</c> per row of <paramref name="width"/> elements.</summary>
    [MethodImpl(Hot.Path)]
    public static void Apply(ReadOnlySpan<float> x, int width, Span<float> destination)
    {
        int rows = CheckRows(x, width, destination);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * width, width);
            Span<float> d = destination.Slice(r * width, width);
            if (width <= ShortRow)
            {
                Short(row, d);
                continue;
            }
            TensorPrimitives.Add(row, -TensorPrimitives.Max(row), d);
            TensorPrimitives.Exp(d, d);
            TensorPrimitives.Multiply(d, 1f / TensorPrimitives.Sum(d), d);
        }
    }

    /// <summary><c>x - max - log(sum(exp(x - max)))</c> per row of <paramref name="width"/> elements.</summary>
    [MethodImpl(Hot.Path)]
    public static void ApplyLog(ReadOnlySpan<float> x, int width, Span<float> destination)
    {
        int rows = CheckRows(x, width, destination);
        Span<float> exps = stackalloc float[Chunk];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * width, width);
            Span<float> d = destination.Slice(r * width, width);
            TensorPrimitives.Add(row, -TensorPrimitives.Max(row), d);
            double sum = 0;
            for (int start = 0; start < width; start += Chunk)
            {
                int n = Math.Min(Chunk, width - start);
                TensorPrimitives.Exp(d.Slice(start, n), exps.Slice(0, n));
                sum += TensorPrimitives.Sum(exps.Slice(0, n));
            }
            TensorPrimitives.Add(d, (float)-Math.Log(sum), d);
        }
    }

    [MethodImpl(Hot.Path)]
    private static void Short(ReadOnlySpan<float> row, Span<float> d)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row) max = Math.Max(max, v);
        float sum = 0;
        for (int i = 0; i < row.Length; i++) sum += d[i] = MathF.Exp(row[i] - max);
        float scale = 1f / sum;
        for (int i = 0; i < d.Length; i++) d[i] *= scale;
    }

    private static int CheckRows(ReadOnlySpan<float> x, int width, Span<float> destination)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "The last axis must have at least one element.");
        if (x.Length % width != 0) throw new ArgumentException($"Input of {x.Length} elements is not a whole number of rows of {width}.", nameof(x));
        Activations.CheckDestination(x, destination);
        return x.Length / width;
    }
}
