using System.Globalization;
using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// A shape as a graph declares it, which may be partly known: -1 for a dimension of unknown
/// size (a batch dimension), or no dimensions at all when even the rank is unknown. Immutable,
/// with value equality.
/// </summary>
public sealed class GraphShape : IEquatable<GraphShape>
{
    private readonly long[] _dims;

    private GraphShape(long[] dims, bool unknownRank)
    {
        _dims = dims;
        IsUnknownRank = unknownRank;
    }

    /// <summary>A shape whose rank is not known.</summary>
    public static GraphShape UnknownRank { get; } = new(Array.Empty<long>(), unknownRank: true);

    /// <summary>Whether the rank is unknown (then <see cref="Dimensions"/> is empty).</summary>
    public bool IsUnknownRank { get; }

    /// <summary>The dimensions, outermost first; -1 where a size is unknown.</summary>
    public IReadOnlyList<long> Dimensions => _dims;

    /// <summary>The number of dimensions, or -1 when unknown.</summary>
    public int Rank => IsUnknownRank ? -1 : _dims.Length;

    /// <summary>Whether the rank and every dimension are known.</summary>
    public bool IsFullyDefined => !IsUnknownRank && Array.TrueForAll(_dims, d => d >= 0);

    /// <summary>Like numpy and TensorFlow print it: <c>[?, 784]</c>, <c>[]</c> for a scalar, <c>&lt;unknown&gt;</c> for an unknown rank.</summary>
    public override string ToString() =>
        IsUnknownRank ? "<unknown>" : "[" + string.Join(", ", _dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc/>
    public bool Equals(GraphShape? other) =>
        other is not null && IsUnknownRank == other.IsUnknownRank && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GraphShape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = IsUnknownRank ? 1 : 17;
        foreach (var d in _dims)
        {
            h = (h * 31) + d.GetHashCode();
        }
        return h;
    }

    /// <summary>A shape from its proto; every negative size is normalized to -1.</summary>
    internal static GraphShape From(TensorShapeProto? proto) =>
        proto is null || proto.UnknownRank
            ? UnknownRank
            : new GraphShape(proto.Dim.Select(d => Math.Max(d.Size, -1)).ToArray(), unknownRank: false);
}
