using System.Globalization;

namespace CheckpointGen.Runtime;

/// <summary>
/// The dimensions of a tensor in a checkpoint: fully known, non-negative, with an element count
/// that fits in a <see cref="long"/> (checked when built, which is what makes every size
/// computed from a shape safe). Immutable, with value equality.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly long[] _dims;

    /// <summary>A scalar.</summary>
    public static TensorShape Scalar { get; } = new(Array.Empty<long>(), 1);

    private TensorShape(long[] dims, long count)
    {
        _dims = dims;
        ElementCount = count;
    }

    /// <summary>Creates a shape, rejecting negative dimensions and element counts that overflow.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the count overflows.</exception>
    public static TensorShape Create(params long[] dims)
    {
        if (!TryCreate(dims, out var shape, out var error))
        {
            throw new ArgumentException(error, nameof(dims));
        }
        return shape;
    }

    /// <summary>Creates a shape, or says why the dimensions are not one.</summary>
    public static bool TryCreate(IReadOnlyList<long> dims, out TensorShape shape, out string error) =>
        TryCreate(dims is long[] array ? array : dims.ToArray(), out shape, out error);

    /// <summary>Creates a shape from a copy of <paramref name="dims"/>, or says why they are not one.</summary>
    internal static bool TryCreate(ReadOnlySpan<long> dims, out TensorShape shape, out string error)
    {
        var copy = new long[dims.Length];
        long count = 1;
        long nonZeroProduct = 1;
        var overflow = false;
        for (var i = 0; i < copy.Length; i++)
        {
            var d = dims[i];
            if (d < 0)
            {
                shape = Scalar;
                error = $"dimension {i} is {d}; checkpoint shapes must be fully known and non-negative";
                return false;
            }
            copy[i] = d;
            if (d == 0)
            {
                count = 0;
            }
            else if (!overflow && nonZeroProduct > long.MaxValue / d)
            {
                overflow = true;
            }
            else if (!overflow)
            {
                nonZeroProduct *= d;
                count *= d;
            }
        }
        // A zero dimension makes the count 0 whatever the others are, but TensorFlow still
        // refuses shapes whose nominal product overflows, and so do we.
        if (overflow)
        {
            shape = Scalar;
            error = $"element count of shape {Format(copy)} overflows a 64-bit integer";
            return false;
        }
        shape = new TensorShape(copy, count);
        error = string.Empty;
        return true;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<long> Dimensions => _dims;

    internal ReadOnlySpan<long> DimensionSpan => _dims;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>One dimension.</summary>
    public long this[int index] => _dims[index];

    /// <summary>The dimensions as a new array.</summary>
    public long[] ToArray() => (long[])_dims.Clone();

    /// <summary>Numpy-like: <c>[784, 128]</c>, <c>[]</c> for a scalar.</summary>
    public override string ToString() => Format(_dims);

    /// <inheritdoc/>
    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = 17;
        foreach (var d in _dims)
        {
            h = (h * 31) + d.GetHashCode();
        }
        return h;
    }

    private static string Format(long[] dims) =>
        "[" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
