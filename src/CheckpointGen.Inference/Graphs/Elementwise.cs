using System.Numerics.Tensors;
using CheckpointGen.Inference.Kernels.Elementwise;

namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// The elementwise kernels of compiled graphs, over spans, allocation-free. The graph compiler
/// runs the same methods to fold constants at build time, so folded and run-time values agree.
/// </summary>
public static class Elementwise
{
    private const int Chunk = 256;

    /// <summary>
    /// <c>y = op(x)</c> for an operator without a parameter (every one but
    /// <see cref="UnaryOperator.LeakyRelu"/>, which takes its slope); <paramref name="y"/> may be <paramref name="x"/>.
    /// </summary>
    public static void Unary(UnaryOperator op, ReadOnlySpan<float> x, Span<float> y)
    {
        if (op == UnaryOperator.LeakyRelu) throw new ArgumentException("LeakyRelu needs its slope: call the overload that takes alpha.", nameof(op));
        Unary(op, 0, x, y);
    }

    /// <summary><c>y = op(x)</c>; <paramref name="alpha"/> is LeakyRelu's slope, which no other operator reads; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Unary(UnaryOperator op, float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length != x.Length) throw new ArgumentException($"The destination has {y.Length} elements; the source {x.Length}.", nameof(y));
        switch (op)
        {
            case UnaryOperator.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOperator.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOperator.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryOperator.Sqrt: Each(x, y, v => (float)Math.Sqrt(v)); break;
            case UnaryOperator.Rsqrt: Each(x, y, v => (float)(1.0 / Math.Sqrt(v))); break;
            case UnaryOperator.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryOperator.Log: TensorPrimitives.Log(x, y); break;
            case UnaryOperator.Log1p: SpanMath.LogP1(x, y); break;
            case UnaryOperator.Floor: Each(x, y, v => (float)Math.Floor(v)); break;
            case UnaryOperator.Tanh: Activations.Tanh(x, y); break;
            case UnaryOperator.Sigmoid: Activations.Sigmoid(x, y); break;
            case UnaryOperator.Relu: Activations.Relu(x, y); break;
            case UnaryOperator.Relu6: Activations.Relu6(x, y); break;
            case UnaryOperator.Elu: Activations.Elu(x, y); break;
            case UnaryOperator.Selu: Activations.Selu(x, y); break;
            case UnaryOperator.Softplus: Activations.Softplus(x, y); break;
            case UnaryOperator.LeakyRelu: Activations.LeakyRelu(x, alpha, y); break;
            case UnaryOperator.Erf: Each(x, y, v => (float)ErrorFunction.Erf(v)); break;
            case UnaryOperator.Erfc: Each(x, y, v => (float)ErrorFunction.Erfc(v)); break;
            case UnaryOperator.Sin: Each(x, y, v => (float)Math.Sin(v)); break;
            case UnaryOperator.Cos: Each(x, y, v => (float)Math.Cos(v)); break;
            case UnaryOperator.Sign: Each(x, y, v => v > 0 ? 1f : v < 0 ? -1f : v); break;
            case UnaryOperator.Round: Each(x, y, v => (float)Math.Round(v, MidpointRounding.ToEven)); break;
            case UnaryOperator.Ceil: Each(x, y, v => (float)Math.Ceiling(v)); break;
            case UnaryOperator.Reciprocal: Each(x, y, v => 1f / v); break;
            case UnaryOperator.Softsign: Each(x, y, v => v / (1f + Math.Abs(v))); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown unary operator.");
        }
    }

    /// <summary>
    /// <c>c[i] = op(a[ia], b[ib])</c> with each operand indexed as its <see cref="Broadcast"/> says;
    /// <paramref name="inner"/> is the repeat count of <see cref="Broadcast.Column"/> operands.
    /// <paramref name="c"/> may be an operand of the same length.
    /// </summary>
    public static void Binary(BinaryOperator op, ReadOnlySpan<float> a, Broadcast aMode, ReadOnlySpan<float> b, Broadcast bMode, int inner, Span<float> c)
    {
        BroadcastIndex.Check(a.Length, aMode, c.Length, inner, nameof(a));
        BroadcastIndex.Check(b.Length, bMode, c.Length, inner, nameof(b));
        if (aMode == Broadcast.Same && bMode == Broadcast.Same)
        {
            Apply(op, a, b, c);
            return;
        }
        if (aMode == Broadcast.Same && bMode == Broadcast.Row && b.Length == 1)
        {
            ApplyScalar(op, a, b[0], c);
            return;
        }
        // Walk c in runs over which both operands advance contiguously (or stay on one element).
        Span<float> scratch = stackalloc float[Chunk];
        for (int i = 0; i < c.Length;)
        {
            int run = Math.Min(Run(aMode, a.Length, inner, i), Run(bMode, b.Length, inner, i));
            run = Math.Min(Math.Min(run, c.Length - i), Chunk);
            var av = Slice(a, aMode, inner, i, run, out bool aScalar);
            var bv = Slice(b, bMode, inner, i, run, out bool bScalar);
            var cv = c.Slice(i, run);
            if (aScalar && bScalar) cv.Fill(Scalar(op, av[0], bv[0]));
            else if (bScalar) ApplyScalar(op, av, bv[0], cv);
            else if (aScalar)
            {
                // op(s, b): materialize s once per run rather than writing a reversed variant of every op.
                var sv = scratch.Slice(0, run);
                sv.Fill(av[0]);
                Apply(op, sv, bv, cv);
            }
            else Apply(op, av, bv, cv);
            i += run;
        }
    }

    /// <summary>
    /// <c>c = op(a, b)</c> with NumPy broadcasting in any pattern: <paramref name="map"/> walks
    /// <paramref name="a"/>, <paramref name="b"/> and <paramref name="c"/> (operands 0, 1, 2), a
    /// broadcast dimension having stride 0 in its operand. Runs along the last dimension use the
    /// same vector paths as <see cref="Binary(BinaryOperator, ReadOnlySpan{float}, Broadcast, ReadOnlySpan{float}, Broadcast, int, Span{float})"/>.
    /// </summary>
    /// <param name="op">The operator.</param>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <param name="c">The result, every element of which the walk writes; must not overlap an operand unless equal to it.</param>
    /// <param name="batch">The batch size, when the map's first dimension is the batch.</param>
    /// <param name="map">The walk, with three operands.</param>
    /// <exception cref="ArgumentException">The map does not have three operands, reaches outside a span, or does not cover <paramref name="c"/>.</exception>
    public static void Binary(BinaryOperator op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int batch, StridedMap map)
    {
        if (map is null) throw new ArgumentNullException(nameof(map));
        if (map.Operands != 3) throw new ArgumentException($"A binary walk has three operands; the map has {map.Operands}.", nameof(map));
        map.CheckFits(0, a.Length, batch, nameof(a));
        map.CheckFits(1, b.Length, batch, nameof(b));
        map.CheckFits(2, c.Length, batch, nameof(c));
        if (map.Count(batch) != c.Length) throw new ArgumentException($"The walk covers {map.Count(batch)} elements; the result has {c.Length}.", nameof(c));
        if (c.Length == 0) return;
        int n = map.InnerLength(batch), sa = map.InnerStride(0), sb = map.InnerStride(1), sc = map.InnerStride(2);
        Span<int> index = stackalloc int[map.Rank];
        Span<int> offsets = stackalloc int[3];
        Span<float> scratch = stackalloc float[Chunk];
        map.Start(index, offsets);
        do
        {
            int ao = offsets[0], bo = offsets[1], co = offsets[2];
            if (sc != 1 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1))
            {
                for (int i = 0; i < n; i++) c[co + i * sc] = Scalar(op, a[ao + i * sa], b[bo + i * sb]);
            }
            else if (sa == 1 && sb == 1) Apply(op, a.Slice(ao, n), b.Slice(bo, n), c.Slice(co, n));
            else if (sa == 1) ApplyScalar(op, a.Slice(ao, n), b[bo], c.Slice(co, n));
            else if (sb == 0) c.Slice(co, n).Fill(Scalar(op, a[ao], b[bo]));
            else
            {
                for (int i = 0; i < n; i += Chunk)
                {
                    int run = Math.Min(Chunk, n - i);
                    var sv = scratch.Slice(0, run);
                    sv.Fill(a[ao]);
                    Apply(op, sv, b.Slice(bo + i, run), c.Slice(co + i, run));
                }
            }
        }
        while (map.Advance(batch, index, offsets));
    }

    /// <summary>How many elements from <paramref name="i"/> on the operand stays contiguous (Same, Row) or constant (Column).</summary>
    private static int Run(Broadcast mode, int length, int inner, int i) => mode switch
    {
        Broadcast.Same => int.MaxValue,
        Broadcast.Row => length == 1 ? int.MaxValue : length - (i % length),
        _ => inner - (i % inner),
    };

    private static ReadOnlySpan<float> Slice(ReadOnlySpan<float> x, Broadcast mode, int inner, int i, int run, out bool scalar)
    {
        switch (mode)
        {
            case Broadcast.Same: scalar = false; return x.Slice(i, run);
            case Broadcast.Row when x.Length == 1: scalar = true; return x;
            case Broadcast.Row: scalar = false; return x.Slice(i % x.Length, run);
            default: scalar = true; return x.Slice(i / inner % x.Length, 1);
        }
    }

    private static void Apply(BinaryOperator op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        switch (op)
        {
            case BinaryOperator.Add: TensorPrimitives.Add(a, b, c); break;
            case BinaryOperator.Sub: TensorPrimitives.Subtract(a, b, c); break;
            case BinaryOperator.Mul: TensorPrimitives.Multiply(a, b, c); break;
            case BinaryOperator.Div: TensorPrimitives.Divide(a, b, c); break;
            case BinaryOperator.Maximum: TensorPrimitives.Max(a, b, c); break;
            case BinaryOperator.Minimum: TensorPrimitives.Min(a, b, c); break;
            case BinaryOperator.SquaredDifference:
                TensorPrimitives.Subtract(a, b, c);
                TensorPrimitives.Multiply(c, c, c);
                break;
            default:
                for (int i = 0; i < c.Length; i++) c[i] = Scalar(op, a[i], b[i]);
                break;
        }
    }

    private static void ApplyScalar(BinaryOperator op, ReadOnlySpan<float> a, float b, Span<float> c)
    {
        switch (op)
        {
            case BinaryOperator.Add: TensorPrimitives.Add(a, b, c); break;
            case BinaryOperator.Sub: TensorPrimitives.Subtract(a, b, c); break;
            case BinaryOperator.Mul: TensorPrimitives.Multiply(a, b, c); break;
            case BinaryOperator.Div: TensorPrimitives.Divide(a, b, c); break;
            case BinaryOperator.Maximum: SpanMath.Max(a, b, c); break;
            case BinaryOperator.Minimum: SpanMath.Min(a, b, c); break;
            default:
                for (int i = 0; i < a.Length; i++) c[i] = Scalar(op, a[i], b);
                break;
        }
    }

    private static float Scalar(BinaryOperator op, float a, float b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Sub => a - b,
        BinaryOperator.Mul => a * b,
        BinaryOperator.Div => a / b,
        // TensorFlow's Maximum and Minimum propagate NaN.
        BinaryOperator.Maximum => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : Math.Max(a, b),
        BinaryOperator.Minimum => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : Math.Min(a, b),
        BinaryOperator.SquaredDifference => (a - b) * (a - b),
        BinaryOperator.Pow => (float)Math.Pow(a, b),
        BinaryOperator.FloorDiv => (float)Math.Floor(a / b),
        BinaryOperator.FloorMod => FloorMod(a, b),
        // TensorFlow's float TruncateMod is C's fmod, as C#'s % on floats.
        BinaryOperator.TruncateMod => a % b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown binary operator."),
    };

    /// <summary>TensorFlow's float FloorMod: the truncated remainder moved to the divisor's sign.</summary>
    private static float FloorMod(float a, float b)
    {
        float r = a % b;
        return r != 0 && (b < 0) != (r < 0) ? r + b : r;
    }

    private static void Each(ReadOnlySpan<float> x, Span<float> y, Func<float, float> f)
    {
        for (int i = 0; i < x.Length; i++) y[i] = f(x[i]);
    }
}
