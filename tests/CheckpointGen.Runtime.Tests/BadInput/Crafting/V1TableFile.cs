using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Bundle;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>A legacy V1 checkpoint file: the meta under the empty key, each slice under its slice key.</summary>
internal static class V1TableFile
{
    public static byte[] Build(SavedTensorSliceMeta? meta, IEnumerable<SavedSlice> slices)
    {
        var entries = slices
            .Select(s => new TableEntry(SliceKey.Encode(s.Name, Messages.ToSlice(s.Slice ?? new TensorSliceProto())), new SavedTensorSlices { Data = s }.ToByteArray()))
            .ToList();
        if (meta is not null)
        {
            entries.Add(new TableEntry(Array.Empty<byte>(), new SavedTensorSlices { Meta = meta }.ToByteArray()));
        }
        entries.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return TableBuilder.FromEntries(entries).Build();
    }
}
