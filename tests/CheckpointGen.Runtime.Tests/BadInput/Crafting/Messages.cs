using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>Short constructors for the protos tests spoil, accepting any values (negative dims included).</summary>
internal static class Messages
{
    public static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    /// <summary>A slice; a null length is the whole dimension.</summary>
    public static TensorSliceProto Slice(params (long Start, long? Length)[] extents)
    {
        var slice = new TensorSliceProto();
        foreach (var (start, length) in extents)
        {
            var extent = new TensorSliceProto.Types.Extent { Start = start };
            if (length is { } l)
            {
                extent.Length = l;
            }
            slice.Extent.Add(extent);
        }
        return slice;
    }

    /// <summary>The runtime's view of a slice proto, as the index key of its partition needs it.</summary>
    public static TensorSlice ToSlice(TensorSliceProto proto) =>
        new(proto.Extent.Select(e => new SliceExtent(e.Start, e.HasLengthCase == TensorSliceProto.Types.Extent.HasLengthOneofCase.Length ? e.Length : -1)));
}
