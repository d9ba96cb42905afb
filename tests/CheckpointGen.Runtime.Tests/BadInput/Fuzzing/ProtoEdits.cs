using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// Edits of one field of an index value, decoded as the message it holds (BundleHeaderProto,
/// BundleEntryProto, SavedTensorSlices), set to boundary values: what reaches the semantic
/// checks behind the protobuf parser.
/// </summary>
internal static class ProtoEdits
{
    private static readonly long[] BoundaryLongs =
    {
        0, 1, 2, -1, 255, 256, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, 1L << 32, 1L << 40, 1L << 62, long.MaxValue, long.MinValue,
    };

    private static readonly int[] Dtypes = { 0, 1, 2, 3, 4, 7, 8, 14, 18, 19, 20, 21, 25, 26, 101, -1 };

    /// <summary>The value with one field edited, or null when it does not parse as the message its key implies.</summary>
    public static byte[]? Edit(Random random, byte[] key, byte[] value, bool v1, out string description)
    {
        try
        {
            if (v1)
            {
                return EditV1(random, SavedTensorSlices.Parser.ParseFrom(value), out description).ToByteArray();
            }
            if (key.Length == 0)
            {
                return EditHeader(random, BundleHeaderProto.Parser.ParseFrom(value), out description).ToByteArray();
            }
            return EditEntry(random, BundleEntryProto.Parser.ParseFrom(value), out description).ToByteArray();
        }
        catch (InvalidProtocolBufferException)
        {
            description = string.Empty;
            return null;
        }
    }

    private static BundleHeaderProto EditHeader(Random random, BundleHeaderProto header, out string description)
    {
        switch (random.Next(3))
        {
            case 0:
                header.NumShards = (int)Math.Clamp(Pick(random, header.NumShards), int.MinValue, int.MaxValue);
                description = $"header num_shards = {header.NumShards}";
                break;
            case 1:
                header.Endianness = (BundleHeaderProto.Types.Endianness)random.Next(3);
                description = $"header endianness = {(int)header.Endianness}";
                break;
            default:
                header.Version = new VersionDef { Producer = random.Next(3), MinConsumer = random.Next(3) };
                description = $"header version = {header.Version}";
                break;
        }
        return header;
    }

    private static BundleEntryProto EditEntry(Random random, BundleEntryProto entry, out string description)
    {
        switch (random.Next(7))
        {
            case 0:
                entry.Dtype = PickDtype(random);
                description = $"dtype = {(int)entry.Dtype}";
                break;
            case 1:
                entry.Shape = EditShape(random, entry.Shape, out description);
                break;
            case 2:
                entry.ShardId = (int)Math.Clamp(Pick(random, entry.ShardId), int.MinValue, int.MaxValue);
                description = $"shard_id = {entry.ShardId}";
                break;
            case 3:
                entry.Offset = Pick(random, entry.Offset);
                description = $"offset = {entry.Offset}";
                break;
            case 4:
                entry.Size = Pick(random, entry.Size);
                description = $"size = {entry.Size}";
                break;
            case 5:
                entry.Crc32C ^= 1u << random.Next(32);
                description = $"crc32c = 0x{entry.Crc32C:x8}";
                break;
            default:
                EditSlices(random, entry.Slices, out description);
                break;
        }
        return entry;
    }

    private static SavedTensorSlices EditV1(Random random, SavedTensorSlices value, out string description)
    {
        if (value.Meta is { Tensor.Count: > 0 } meta)
        {
            var tensor = meta.Tensor[random.Next(meta.Tensor.Count)];
            switch (random.Next(4))
            {
                case 0:
                    tensor.Type = PickDtype(random);
                    description = $"meta '{tensor.Name}' type = {(int)tensor.Type}";
                    break;
                case 1:
                    tensor.Shape = EditShape(random, tensor.Shape, out description);
                    break;
                case 2:
                    EditSlices(random, tensor.Slice, out description);
                    break;
                default:
                    tensor.Name = random.Next(2) == 0 ? string.Empty : tensor.Name + "x";
                    description = $"meta tensor renamed '{tensor.Name}'";
                    break;
            }
            return value;
        }
        if (value.Data is { } data)
        {
            switch (random.Next(3))
            {
                case 0:
                    data.Slice = EditSlice(random, data.Slice ?? new TensorSliceProto(), out description);
                    break;
                case 1:
                    data.Data = new TensorProto { Dtype = data.Data?.Dtype ?? DataType.DtFloat, TensorContent = ByteString.CopyFrom(new byte[random.Next(64)]) };
                    description = $"slice data = {data.Data.TensorContent.Length} bytes of tensor_content";
                    break;
                default:
                    data.Data?.IntVal.Add(random.Next());
                    data.Data?.FloatVal.Clear();
                    description = "slice data int_val added, float_val cleared";
                    break;
            }
            return value;
        }
        description = "empty SavedTensorSlices unchanged";
        return value;
    }

    private static TensorShapeProto? EditShape(Random random, TensorShapeProto? shape, out string description)
    {
        shape = shape?.Clone() ?? new TensorShapeProto();
        switch (random.Next(5))
        {
            case 0:
                shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = Pick(random, 1) });
                description = $"shape + dim {shape.Dim[^1].Size}";
                break;
            case 1 when shape.Dim.Count > 0:
                shape.Dim.RemoveAt(random.Next(shape.Dim.Count));
                description = "shape - one dim";
                break;
            case 2 when shape.Dim.Count > 0:
                var dim = shape.Dim[random.Next(shape.Dim.Count)];
                dim.Size = Pick(random, dim.Size);
                description = $"shape dim = {dim.Size}";
                break;
            case 3:
                shape.UnknownRank = true;
                description = "shape unknown_rank";
                break;
            default:
                description = "shape removed";
                return null;
        }
        return shape;
    }

    private static void EditSlices(Random random, Google.Protobuf.Collections.RepeatedField<TensorSliceProto> slices, out string description)
    {
        switch (random.Next(3))
        {
            case 0 when slices.Count > 0:
                slices.RemoveAt(random.Next(slices.Count));
                description = "slices - one";
                break;
            case 1 when slices.Count > 0:
                var i = random.Next(slices.Count);
                slices[i] = EditSlice(random, slices[i], out description);
                break;
            default:
                slices.Add(slices.Count > 0 ? slices[random.Next(slices.Count)].Clone() : new TensorSliceProto { Extent = { new TensorSliceProto.Types.Extent() } });
                description = "slices + duplicate";
                break;
        }
    }

    private static TensorSliceProto EditSlice(Random random, TensorSliceProto slice, out string description)
    {
        slice = slice.Clone();
        if (slice.Extent.Count == 0 || random.Next(4) == 0)
        {
            slice.Extent.Add(new TensorSliceProto.Types.Extent { Start = Pick(random, 0) });
            description = $"slice + extent start {slice.Extent[^1].Start}";
            return slice;
        }
        var extent = slice.Extent[random.Next(slice.Extent.Count)];
        switch (random.Next(3))
        {
            case 0:
                extent.Start = Pick(random, extent.Start);
                description = $"slice extent start = {extent.Start}";
                break;
            case 1:
                extent.Length = Pick(random, extent.HasLengthCase == TensorSliceProto.Types.Extent.HasLengthOneofCase.Length ? extent.Length : 1);
                description = $"slice extent length = {extent.Length}";
                break;
            default:
                extent.ClearHasLength();
                description = "slice extent length cleared";
                break;
        }
        return slice;
    }

    /// <summary>A known dtype, an unsupported one, a reference type or an invalid number.</summary>
    private static DataType PickDtype(Random random) => (DataType)Dtypes[random.Next(Dtypes.Length)];

    /// <summary>A boundary value, or the current one nudged.</summary>
    private static long Pick(Random random, long current) => random.Next(4) switch
    {
        0 => current + 1,
        1 => current - 1,
        2 => unchecked(current * 2),
        _ => BoundaryLongs[random.Next(BoundaryLongs.Length)],
    };
}
