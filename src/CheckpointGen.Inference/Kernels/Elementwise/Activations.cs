using System.Numerics.Tensors;

namespace CheckpointGen.Inference.Kernels.Elementwise;

/// <summary>
/// TensorFlow's activations over spans, on TensorPrimitives. Every method allows
/// <c>destination</c> to be <c>x</c> itself (in place) and allocates nothing: functions made of
/// several passes run them over stack chunks small enough to stay in L1.
/// </summary>
public static class Activations
{
    /// <summary>SELU's scale, as in TensorFlow.</summary>
    public const float SeluScale = 1.0507009873554804934193349852946f;

    /// <summary>SELU's alpha, as in TensorFlow.</summary>
    public const float SeluAlpha = 1.6732632423543772848170429916717f;

    private const int Chunk = 256;

    /// <summary>Applies <paramref name="activation"/> to <paramref name="x"/>, writing <paramref name="destination"/>.</summary>
    public static void Apply(Activation activation, ReadOnlySpan<float> x, Span<float> destination)
    {
        CheckDestination(x, destination);
        switch (activation.Kind)
        {
            case ActivationKind.None: if (!x.Overlaps(destination)) x.CopyTo(destination); break;
            case ActivationKind.Relu: Relu(x, destination); break;
            case ActivationKind.Relu6: Relu6(x, destination); break;
            case ActivationKind.LeakyRelu: LeakyRelu(x, activation.Alpha, destination); break;
            case ActivationKind.Elu: Elu(x, destination); break;
            case ActivationKind.Selu: Selu(x, destination); break;
            case ActivationKind.Sigmoid: Sigmoid(x, destination); break;
            case ActivationKind.Tanh: Tanh(x, destination); break;
            case ActivationKind.Softplus: Softplus(x, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation.Kind, "Unknown activation.");
        }
    }

    /// <summary><c>max(x, 0)</c>.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> destination) => SpanMath.Max(x, 0f, destination);

    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    public static void Relu6(ReadOnlySpan<float> x, Span<float> destination)
    {
        SpanMath.Max(x, 0f, destination);
        SpanMath.Min(destination.Slice(0, x.Length), 6f, destination);
    }

    /// <summary><c>x &gt; 0 ? x : alpha * x</c>.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, float alpha, Span<float> destination) =>
        PositiveAndNegativeParts(x, destination, alpha, NegativePart.Linear, scale: 1f);

    /// <summary><c>x &gt; 0 ? x : exp(x) - 1</c>.</summary>
    public static void Elu(ReadOnlySpan<float> x, Span<float> destination) =>
        PositiveAndNegativeParts(x, destination, 1f, NegativePart.ExpM1, scale: 1f);

    /// <summary><c>scale * (x &gt; 0 ? x : alpha * (exp(x) - 1))</c> with <see cref="SeluScale"/> and <see cref="SeluAlpha"/>.</summary>
    public static void Selu(ReadOnlySpan<float> x, Span<float> destination) =>
        PositiveAndNegativeParts(x, destination, SeluAlpha, NegativePart.ExpM1, SeluScale);

    /// <summary><c>1 / (1 + exp(-x))</c>.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Sigmoid(x, destination);

    /// <summary><c>tanh(x)</c>.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tanh(x, destination);

    /// <summary><c>log(1 + exp(x))</c> as <c>max(x, 0) + log1p(exp(-|x|))</c>, which never overflows.</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> destination)
    {
        CheckDestination(x, destination);
        Span<float> tail = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            ReadOnlySpan<float> xs = x.Slice(start, n);
            Span<float> t = tail.Slice(0, n), d = destination.Slice(start, n);
            TensorPrimitives.Abs(xs, t);
            TensorPrimitives.Negate(t, t);
            TensorPrimitives.Exp(t, t);
            SpanMath.LogP1(t, t);
            SpanMath.Max(xs, 0f, d);
            TensorPrimitives.Add(d, t, d);
        }
    }

    /// <summary><c>exp(x)</c>.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Exp(x, destination);

    /// <summary><c>log(x)</c>.</summary>
    public static void Log(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Log(x, destination);

    private enum NegativePart { Linear, ExpM1 }

    // scale * (max(x, 0) + alpha * f(min(x, 0))) with f(0) = 0: equal to the piecewise definitions,
    // computed in passes that each read x before the destination (which may be x) is written.
    private static void PositiveAndNegativeParts(ReadOnlySpan<float> x, Span<float> destination, float alpha, NegativePart part, float scale)
    {
        CheckDestination(x, destination);
        Span<float> negative = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            ReadOnlySpan<float> xs = x.Slice(start, n);
            Span<float> t = negative.Slice(0, n), d = destination.Slice(start, n);
            SpanMath.Min(xs, 0f, t);
            if (part == NegativePart.ExpM1)
            {
                TensorPrimitives.Exp(t, t);
                TensorPrimitives.Add(t, -1f, t);
            }
            TensorPrimitives.Multiply(t, alpha, t);
            SpanMath.Max(xs, 0f, d);
            TensorPrimitives.Add(d, t, d);
            if (scale != 1f) TensorPrimitives.Multiply(d, scale, d);
        }
    }

    internal static void CheckDestination(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (destination.Length < x.Length)
            throw new ArgumentException($"Destination has {destination.Length} elements; the input has {x.Length}.", nameof(destination));
    }
}
