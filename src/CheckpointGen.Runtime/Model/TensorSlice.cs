namespace CheckpointGen.Runtime;

/// <summary>One dimension of a <see cref="TensorSlice"/>: where the part starts and how long it is.</summary>
/// <param name="Start">First index covered, non-negative.</param>
/// <param name="Length">Indices covered, or -1 for the whole dimension.</param>
public readonly record struct SliceExtent(long Start, long Length)
{
    /// <summary>The whole dimension.</summary>
    public static SliceExtent Full => new(0, -1);

    /// <summary>Whether this covers the whole dimension whatever its size.</summary>
    public bool IsFull => Length < 0;

    /// <summary>Length against a concrete dimension.</summary>
    public long LengthIn(long dimension) => IsFull ? dimension : Length;
}

/// <summary>
/// The part of a partitioned variable one saved partition holds (TensorSliceProto): an extent per
/// dimension. Value equality, so slices compare and hash by content.
/// </summary>
public sealed class TensorSlice : IEquatable<TensorSlice>
{
    private readonly SliceExtent[] _extents;

    /// <summary>Creates a slice from extents, outermost dimension first.</summary>
    public TensorSlice(IEnumerable<SliceExtent> extents) => _extents = extents.ToArray();

    /// <summary>The extents, outermost first.</summary>
    public IReadOnlyList<SliceExtent> Extents => _extents;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _extents.Length;

    /// <summary>The shape of the part within a tensor of <paramref name="full"/> shape.</summary>
    public long[] ShapeIn(TensorShape full)
    {
        var dims = new long[_extents.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = _extents[i].LengthIn(full[i]);
        }
        return dims;
    }

    /// <summary>
    /// Checks the slice fits a tensor of <paramref name="full"/> shape; returns why it does not,
    /// or null. TensorFlow's own checks (negative starts, overflowing ends) are the minimum.
    /// </summary>
    public string? Validate(TensorShape full)
    {
        if (_extents.Length != full.Rank)
        {
            return $"slice has {_extents.Length} extents for a rank-{full.Rank} tensor";
        }
        for (var i = 0; i < _extents.Length; i++)
        {
            var e = _extents[i];
            if (e.Start < 0 || e.Length < -1)
            {
                return $"slice extent {i} (start {e.Start}, length {e.Length}) is negative";
            }
            if (e.IsFull)
            {
                if (e.Start != 0)
                {
                    return $"slice extent {i} covers the whole dimension but starts at {e.Start}";
                }
                continue;
            }
            if (e.Start > full[i] || e.Length > full[i] - e.Start)
            {
                return $"slice extent {i} [{e.Start}, {e.Start}+{e.Length}) exceeds dimension size {full[i]}";
            }
        }
        return null;
    }

    /// <summary>TensorFlow's debug form: <c>0,2:-</c> (start,length per dimension, <c>-</c> for full).</summary>
    public override string ToString() =>
        string.Join(":", _extents.Select(e => e.IsFull ? "-" : FormattableString.Invariant($"{e.Start},{e.Length}")));

    /// <inheritdoc/>
    public bool Equals(TensorSlice? other) => other is not null && _extents.AsSpan().SequenceEqual(other._extents);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TensorSlice);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = 17;
        foreach (var e in _extents)
        {
            h = (h * 31) + e.GetHashCode();
        }
        return h;
    }
}
