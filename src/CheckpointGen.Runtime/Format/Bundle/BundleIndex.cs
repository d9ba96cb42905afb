using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Table;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// A parsed and validated V2 .index: the header, the tensors in key order, and the entries of
/// partition slices by key. Everything TensorFlow guards against in an index (FORMAT.md §7) is
/// checked here, once, so readers can trust every offset, size and shape they are given.
/// </summary>
internal sealed class BundleIndex
{
    private readonly Dictionary<string, BundleEntry> _sliceEntries;

    private BundleIndex(string path, BundleHeader header, List<BundleEntry> entries, Dictionary<string, BundleEntry> sliceEntries)
    {
        IndexPath = path;
        Header = header;
        Entries = entries;
        _sliceEntries = sliceEntries;
    }

    public string IndexPath { get; }

    public BundleHeader Header { get; }

    /// <summary>Tensors (full entries, partitioned or not) in key order, slice entries excluded.</summary>
    public IReadOnlyList<BundleEntry> Entries { get; }

    public static BundleIndex Read(string indexPath) => Parse(TableReader.Open(indexPath));

    public static BundleIndex Parse(TableReader table)
    {
        var file = table.FilePath;
        BundleHeader? header = null;
        var entries = new List<BundleEntry>();
        var sliceEntries = new Dictionary<string, BundleEntry>(StringComparer.Ordinal);
        table.ForEach((key, value, valueOffset) =>
        {
            if (key.Length == 0)
            {
                header = ParseHeader(value, file, valueOffset);
                return;
            }
            if (header is null)
            {
                throw new CheckpointFormatException("index has no header entry (empty key) before its first tensor", file, valueOffset);
            }
            if (key[0] == 0x00)
            {
                var sliceEntry = ParseEntry(TableReader.KeyText(key), value, file, valueOffset, header, isSlice: true);
                sliceEntries[BinaryKey(key)] = sliceEntry;
                return;
            }
            var name = DecodeName(key, file, valueOffset);
            entries.Add(ParseEntry(name, value, file, valueOffset, header, isSlice: false));
        });
        if (header is null)
        {
            throw new CheckpointFormatException("index has no header entry (empty key): the table is empty", file, table.IndexBlockOffset);
        }
        return new BundleIndex(file, header, entries, sliceEntries);
    }

    /// <summary>The entry holding one partition's bytes, or null if the index lacks it.</summary>
    public BundleEntry? FindSlice(string tensorName, TensorSlice slice) =>
        _sliceEntries.TryGetValue(BinaryKey(SliceKey.Encode(tensorName, slice)), out var entry) ? entry : null;

    /// <summary>
    /// The entry holding one partition of <paramref name="entry"/>, checked to be of the tensor's
    /// dtype and the partition's shape: the one lookup readers and the writer's copier share.
    /// </summary>
    public BundleEntry Partition(BundleEntry entry, TensorSlice slice)
    {
        var part = FindSlice(entry.Name, slice)
            ?? throw new CheckpointFormatException($"partition {slice} has no entry in the index", IndexPath, entry.IndexOffset, entry.Name);
        var expected = slice.ShapeIn(entry.Shape);
        if (part.DataType != entry.DataType || !part.Shape.Dimensions.SequenceEqual(expected))
        {
            throw new CheckpointFormatException(
                $"partition {slice} is stored as {TensorDataTypes.Name(part.DataType)} {part.Shape}; expected {TensorDataTypes.Name(entry.DataType)} {TensorShape.Create(expected)}",
                IndexPath, part.IndexOffset, entry.Name);
        }
        return part;
    }

    /// <summary>Slice keys are binary; a Latin-1 string holds them byte for byte as a dictionary key.</summary>
    private static string BinaryKey(ReadOnlySpan<byte> key)
    {
        var chars = new char[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            chars[i] = (char)key[i];
        }
        return new string(chars);
    }

    private static string DecodeName(ReadOnlySpan<byte> key, string file, long offset)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(key.ToArray());
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CheckpointFormatException("tensor key is not valid UTF-8", file, offset, TableReader.KeyText(key));
        }
    }

    private static BundleHeader ParseHeader(ReadOnlySpan<byte> value, string file, long offset)
    {
        var proto = ProtoParsing.Parse(BundleHeaderProto.Parser, value, "header entry is not a BundleHeaderProto", file, offset);
        if (proto.NumShards < 1 || proto.NumShards > BundleHeader.MaxShards)
        {
            throw new CheckpointFormatException($"header declares {proto.NumShards} shards; expected 1 to {BundleHeader.MaxShards}", file, offset);
        }
        if (proto.Endianness is not (BundleHeaderProto.Types.Endianness.Little or BundleHeaderProto.Types.Endianness.Big))
        {
            throw new CheckpointFormatException($"header declares endianness {(int)proto.Endianness}; expected 0 (little) or 1 (big)", file, offset);
        }
        var version = proto.Version;
        if (version is not null)
        {
            if (version.MinConsumer > BundleHeader.Version)
            {
                throw new CheckpointFormatException(
                    $"checkpoint needs a reader of version {version.MinConsumer} or later; this reader is version {BundleHeader.Version}", file, offset);
            }
            if (version.BadConsumers.Contains(BundleHeader.Version))
            {
                throw new CheckpointFormatException($"checkpoint disallows readers of version {BundleHeader.Version}", file, offset);
            }
        }
        return new BundleHeader(proto.NumShards, proto.Endianness == BundleHeaderProto.Types.Endianness.Big, version?.Producer ?? 0);
    }

    private static BundleEntry ParseEntry(string name, ReadOnlySpan<byte> value, string file, long offset, BundleHeader header, bool isSlice)
    {
        var proto = ProtoParsing.Parse(BundleEntryProto.Parser, value, "entry is not a BundleEntryProto", file, offset, name);
        var dtype = (TensorDataType)(int)proto.Dtype;
        if (!TensorDataTypes.IsDefined(dtype))
        {
            throw new CheckpointFormatException(
                proto.Dtype == DataType.DtInvalid ? "entry has no dtype" : $"entry has unsupported dtype {(int)proto.Dtype}",
                file, offset, name);
        }
        var shape = ParseShape(proto.Shape, file, offset, name);
        var slices = new TensorSlice[proto.Slices.Count];
        for (var i = 0; i < slices.Length; i++)
        {
            slices[i] = new TensorSlice(proto.Slices[i].Extent.Select(e => new SliceExtent(e.Start, e.HasLengthCase == TensorSliceProto.Types.Extent.HasLengthOneofCase.Length ? e.Length : -1)));
            var problem = slices[i].Validate(shape);
            if (problem is not null)
            {
                throw new CheckpointFormatException(problem, file, offset, name);
            }
        }
        if (slices.Length > 0 && isSlice)
        {
            throw new CheckpointFormatException("a partition's entry is itself partitioned", file, offset, name);
        }
        if (slices.Length == 0)
        {
            ValidateLocation(proto, dtype, shape, header, file, offset, name);
        }
        return new BundleEntry(name, dtype, shape, proto.ShardId, proto.Offset, proto.Size, proto.Crc32C, slices, offset);
    }

    private static void ValidateLocation(BundleEntryProto proto, TensorDataType dtype, TensorShape shape, BundleHeader header, string file, long offset, string name)
    {
        if (proto.ShardId < 0 || proto.ShardId >= header.NumShards)
        {
            throw new CheckpointFormatException($"shard_id {proto.ShardId} is outside the {header.NumShards} shards the header declares", file, offset, name);
        }
        if (proto.Offset < 0 || proto.Size < 0 || proto.Offset > long.MaxValue - proto.Size)
        {
            throw new CheckpointFormatException($"offset {proto.Offset} and size {proto.Size} do not describe a byte range", file, offset, name);
        }
        var elementSize = TensorDataTypes.ElementSize(dtype);
        if (elementSize > 0)
        {
            var expected = shape.ElementCount > long.MaxValue / elementSize ? -1 : shape.ElementCount * elementSize;
            if (expected != proto.Size)
            {
                throw new CheckpointFormatException(
                    $"size is {proto.Size} bytes; a {TensorDataTypes.Name(dtype)} {shape} tensor takes {(expected < 0 ? "more than 2^63" : expected.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
                    file, offset, name);
            }
        }
        else if (dtype == TensorDataType.String && shape.ElementCount > proto.Size)
        {
            // Every string element takes at least its one-byte length.
            throw new CheckpointFormatException(
                $"size is {proto.Size} bytes, too small for {shape.ElementCount} strings", file, offset, name);
        }
    }

    internal static TensorShape ParseShape(TensorShapeProto? proto, string file, long offset, string name)
    {
        if (proto is null)
        {
            return TensorShape.Scalar;
        }
        if (proto.UnknownRank)
        {
            throw new CheckpointFormatException("shape has unknown rank", file, offset, name);
        }
        var dims = proto.Dim.Select(d => d.Size).ToArray();
        if (!TensorShape.TryCreate(dims, out var shape, out var error))
        {
            throw new CheckpointFormatException(error, file, offset, name);
        }
        return shape;
    }
}
