namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// Shares one <see cref="TensorShape"/> among the entries of an index that have the same
/// dimensions (every bias of a layer width, every kernel of a repeated block): shapes are
/// immutable, and most of an index's shapes repeat. A fixed table of recent shapes, indexed by
/// a hash of the dimensions, so it costs the same whatever the index holds.
/// </summary>
internal sealed class ShapeCache
{
    private const int Slots = 1024;

    private readonly TensorShape?[] _shapes = new TensorShape?[Slots];

    /// <summary>The shape of <paramref name="dims"/>, shared when seen before; false with the reason when they are not a shape.</summary>
    public bool TryGet(ReadOnlySpan<long> dims, out TensorShape shape, out string error)
    {
        if (dims.Length == 0)
        {
            shape = TensorShape.Scalar;
            error = string.Empty;
            return true;
        }
        var hash = (ulong)dims.Length;
        foreach (var d in dims)
        {
            hash = (hash ^ (ulong)d) * 0x9E3779B97F4A7C15UL;
        }
        var slot = (int)(hash >> 54) & (Slots - 1);
        var cached = _shapes[slot];
        if (cached is not null && cached.DimensionSpan.SequenceEqual(dims))
        {
            shape = cached;
            error = string.Empty;
            return true;
        }
        if (!TensorShape.TryCreate(dims, out shape, out error))
        {
            return false;
        }
        _shapes[slot] = shape;
        return true;
    }
}
