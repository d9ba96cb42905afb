using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// Turns the entries of one index into validated <see cref="CheckpointVariable"/>s. Entries are
/// decoded by <see cref="EntryWire"/> when they hold only what TensorFlow writes for an
/// unpartitioned tensor, and by Google.Protobuf otherwise; both end in the same checks (FORMAT.md
/// §7), in the same order, so readers can trust every offset, size and shape they are given.
/// </summary>
internal sealed class EntryParser
{
    private static readonly TensorSlice[] NoSlices = Array.Empty<TensorSlice>();

    private readonly string _file;
    private readonly ShapeCache _shapes = new();
    private long[] _dims = new long[8];

    public EntryParser(string file) => _file = file;

    /// <param name="name">The key as text.</param>
    /// <param name="value">The entry's bytes.</param>
    /// <param name="offset">Where <paramref name="value"/> is in the file, for errors.</param>
    /// <param name="header">The index's header: the shard count.</param>
    /// <param name="isSlice">Whether this is a partition's entry, which may not itself be partitioned.</param>
    public CheckpointVariable Parse(string name, ReadOnlySpan<byte> value, long offset, BundleHeader header, bool isSlice)
    {
        if (!EntryWire.TryDecode(value, ref _dims, out var fields))
        {
            return ParseMessage(name, value, offset, header, isSlice);
        }
        var dtype = CheckDataType(fields.DataType, offset, name);
        if (!_shapes.TryGet(_dims.AsSpan(0, fields.Rank), out var shape, out var error))
        {
            throw new CheckpointFormatException(error, _file, offset, name);
        }
        ValidateLocation(dtype, shape, fields.ShardId, fields.Offset, fields.Size, header, offset, name);
        return new CheckpointVariable(name, dtype, shape, fields.ShardId, fields.Offset, fields.Size, Crc32C.Unmask(fields.Crc32C), NoSlices);
    }

    /// <summary>The slow path: any entry the fast path declines, partitioned or malformed.</summary>
    private CheckpointVariable ParseMessage(string name, ReadOnlySpan<byte> value, long offset, BundleHeader header, bool isSlice)
    {
        var proto = ProtoParsing.Parse(BundleEntryProto.Parser, value, "entry is not a BundleEntryProto", _file, offset, name);
        var dtype = CheckDataType((int)proto.Dtype, offset, name);
        var shape = BundleIndex.ParseShape(proto.Shape, _file, offset, name);
        var slices = new TensorSlice[proto.Slices.Count];
        for (var i = 0; i < slices.Length; i++)
        {
            slices[i] = new TensorSlice(proto.Slices[i].Extent.Select(e => new SliceExtent(e.Start, e.HasLengthCase == TensorSliceProto.Types.Extent.HasLengthOneofCase.Length ? e.Length : -1)));
            var problem = slices[i].Validate(shape);
            if (problem is not null)
            {
                throw new CheckpointFormatException(problem, _file, offset, name);
            }
        }
        if (slices.Length > 0 && isSlice)
        {
            throw new CheckpointFormatException("a partition's entry is itself partitioned", _file, offset, name);
        }
        if (slices.Length > 0)
        {
            // The bytes are in the partitions' own entries; the public variable has no location.
            return new CheckpointVariable(name, dtype, shape, -1, -1, -1, null, slices);
        }
        ValidateLocation(dtype, shape, proto.ShardId, proto.Offset, proto.Size, header, offset, name);
        return new CheckpointVariable(name, dtype, shape, proto.ShardId, proto.Offset, proto.Size, Crc32C.Unmask(proto.Crc32C), NoSlices);
    }

    private TensorDataType CheckDataType(int value, long offset, string name)
    {
        var dtype = (TensorDataType)value;
        if (!TensorDataTypes.IsDefined(dtype))
        {
            throw new CheckpointFormatException(
                value == (int)DataType.DtInvalid ? "entry has no dtype" : $"entry has unsupported dtype {value}",
                _file, offset, name);
        }
        return dtype;
    }

    private void ValidateLocation(TensorDataType dtype, TensorShape shape, int shardId, long dataOffset, long size, BundleHeader header, long offset, string name)
    {
        if (shardId < 0 || shardId >= header.NumShards)
        {
            throw new CheckpointFormatException($"shard_id {shardId} is outside the {header.NumShards} shards the header declares", _file, offset, name);
        }
        if (dataOffset < 0 || size < 0 || dataOffset > long.MaxValue - size)
        {
            throw new CheckpointFormatException($"offset {dataOffset} and size {size} do not describe a byte range", _file, offset, name);
        }
        var elementSize = TensorDataTypes.ElementSize(dtype);
        if (elementSize > 0)
        {
            var expected = shape.ElementCount > long.MaxValue / elementSize ? -1 : shape.ElementCount * elementSize;
            if (expected != size)
            {
                throw new CheckpointFormatException(
                    $"size is {size} bytes; a {TensorDataTypes.Name(dtype)} {shape} tensor takes {(expected < 0 ? "more than 2^63" : expected.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
                    _file, offset, name);
            }
        }
        else if (dtype == TensorDataType.String && shape.ElementCount > size)
        {
            // Every string element takes at least its one-byte length.
            throw new CheckpointFormatException(
                $"size is {size} bytes, too small for {shape.ElementCount} strings", _file, offset, name);
        }
    }
}
