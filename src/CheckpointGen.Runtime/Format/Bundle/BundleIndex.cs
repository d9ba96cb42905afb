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
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, CheckpointVariable> _sliceEntries;

    /// <summary>
    /// Where the entries of partitioned tensors (the whole's and each partition's) are in the
    /// file, for the errors about partitions that readers raise later. An ordinary entry's offset
    /// is not kept (it would cost every record 8 bytes): every error about one is raised while it
    /// is parsed, with the offset at hand.
    /// </summary>
    private readonly Dictionary<CheckpointVariable, long> _partitionEntryOffsets;

    private BundleIndex(string path, BundleHeader header, ChunkedList<CheckpointVariable> entries, Dictionary<string, CheckpointVariable> sliceEntries, Dictionary<CheckpointVariable, long> partitionEntryOffsets)
    {
        IndexPath = path;
        Header = header;
        Entries = entries;
        _sliceEntries = sliceEntries;
        _partitionEntryOffsets = partitionEntryOffsets;
    }

    public string IndexPath { get; }

    public BundleHeader Header { get; }

    /// <summary>Tensors (full entries, partitioned or not) in key order, slice entries excluded.</summary>
    public IReadOnlyList<CheckpointVariable> Entries { get; }

    public static BundleIndex Read(string indexPath)
    {
        using var table = TableReader.Open(indexPath);
        return Parse(table);
    }

    public static BundleIndex Parse(TableReader table)
    {
        var file = table.FilePath;
        BundleHeader? header = null;
        var entries = new ChunkedList<CheckpointVariable>();
        var sliceEntries = new Dictionary<string, CheckpointVariable>(StringComparer.Ordinal);
        var partitionEntryOffsets = new Dictionary<CheckpointVariable, long>();
        var parser = new EntryParser(file);
        var rows = table.GetIterator();
        while (rows.MoveNext())
        {
            var key = rows.Key;
            var value = rows.Value;
            var valueOffset = rows.ValueOffset;
            if (key.Length == 0)
            {
                header = ParseHeader(value, file, valueOffset);
                continue;
            }
            if (header is null)
            {
                throw new CheckpointFormatException("index has no header entry (empty key) before its first tensor", file, valueOffset);
            }
            if (key[0] == 0x00)
            {
                var sliceEntry = parser.Parse(TableReader.KeyText(key), value, valueOffset, header, isSlice: true);
                sliceEntries[BinaryKey(key)] = sliceEntry;
                partitionEntryOffsets[sliceEntry] = valueOffset;
                continue;
            }
            var name = DecodeName(key, file, valueOffset);
            var entry = parser.Parse(name, value, valueOffset, header, isSlice: false);
            if (entry.IsPartitioned)
            {
                partitionEntryOffsets[entry] = valueOffset;
            }
            entries.Add(entry);
        }
        if (header is null)
        {
            throw new CheckpointFormatException("index has no header entry (empty key): the table is empty", file, table.IndexBlockOffset);
        }
        return new BundleIndex(file, header, entries, sliceEntries, partitionEntryOffsets);
    }

    /// <summary>Where a partitioned tensor's entry, or one of its partitions' entries, is in the file; null for any other entry.</summary>
    public long? EntryOffset(CheckpointVariable entry) =>
        _partitionEntryOffsets.TryGetValue(entry, out var offset) ? offset : null;

    /// <summary>The entry holding one partition's bytes, or null if the index lacks it.</summary>
    public CheckpointVariable? FindSlice(string tensorName, TensorSlice slice) =>
        _sliceEntries.TryGetValue(BinaryKey(SliceKey.Encode(tensorName, slice)), out var entry) ? entry : null;

    /// <summary>
    /// The entry holding one partition of <paramref name="entry"/>, checked to be of the tensor's
    /// dtype and the partition's shape: the one lookup readers and the writer's copier share.
    /// </summary>
    public CheckpointVariable Partition(CheckpointVariable entry, TensorSlice slice)
    {
        var part = FindSlice(entry.Name, slice)
            ?? throw new CheckpointFormatException($"partition {slice} has no entry in the index", IndexPath, EntryOffset(entry), entry.Name);
        var expected = slice.ShapeIn(entry.Shape);
        if (part.DataType != entry.DataType || !part.Shape.DimensionSpan.SequenceEqual(expected))
        {
            throw new CheckpointFormatException(
                $"partition {slice} is stored as {TensorDataTypes.Name(part.DataType)} {part.Shape}; expected {TensorDataTypes.Name(entry.DataType)} {TensorShape.Create(expected)}",
                IndexPath, EntryOffset(part), entry.Name);
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
#if NET
            return StrictUtf8.GetString(key);
#else
            return StrictUtf8.GetString(key.ToArray());
#endif
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CheckpointFormatException("tensor key is not valid UTF-8", file, offset, TableReader.KeyText(key));
        }
    }

    private static BundleHeader ParseHeader(ReadOnlySpan<byte> value, string file, long offset)
    {
        if (!HeaderWire.TryDecode(value, out var header))
        {
            header = DecodeHeaderMessage(value, file, offset);
        }
        if (header.NumShards < 1 || header.NumShards > BundleHeader.MaxShards)
        {
            throw new CheckpointFormatException($"header declares {header.NumShards} shards; expected 1 to {BundleHeader.MaxShards}", file, offset);
        }
        if (header.Endianness is not ((int)BundleHeaderProto.Types.Endianness.Little or (int)BundleHeaderProto.Types.Endianness.Big))
        {
            throw new CheckpointFormatException($"header declares endianness {header.Endianness}; expected 0 (little) or 1 (big)", file, offset);
        }
        if (header.HasVersion)
        {
            if (header.MinConsumer > BundleHeader.Version)
            {
                throw new CheckpointFormatException(
                    $"checkpoint needs a reader of version {header.MinConsumer} or later; this reader is version {BundleHeader.Version}", file, offset);
            }
            if (header.DisallowsThisReader)
            {
                throw new CheckpointFormatException($"checkpoint disallows readers of version {BundleHeader.Version}", file, offset);
            }
        }
        return new BundleHeader(header.NumShards, header.Endianness == (int)BundleHeaderProto.Types.Endianness.Big, header.Producer);
    }

    /// <summary>The slow path, on its own so that the fast one never loads Google.Protobuf.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static HeaderWire.Fields DecodeHeaderMessage(ReadOnlySpan<byte> value, string file, long offset)
    {
        var proto = ProtoParsing.Parse(BundleHeaderProto.Parser, value, "header entry is not a BundleHeaderProto", file, offset);
        var version = proto.Version;
        return new HeaderWire.Fields
        {
            NumShards = proto.NumShards,
            Endianness = (int)proto.Endianness,
            HasVersion = version is not null,
            Producer = version?.Producer ?? 0,
            MinConsumer = version?.MinConsumer ?? 0,
            DisallowsThisReader = version?.BadConsumers.Contains(BundleHeader.Version) ?? false,
        };
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
