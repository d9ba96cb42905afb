using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Collects tensors and writes them as a TensorBundle V2 checkpoint laid out as TensorFlow lays
/// one out: data files holding each tensor's bytes in the chosen order, and an index with the
/// header and one entry per key in byte order. Partitioned tensors get TensorFlow's full entry
/// (shape and slices only) plus an ordinary entry per partition under its slice key. Nothing
/// reaches the disk before <see cref="WriteTemporaryFiles"/>.
/// </summary>
internal sealed class BundleWriter
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly CheckpointWriterOptions _options;
    private readonly List<PendingTensor> _parts = new();
    private readonly Dictionary<string, PartitionedTensor?> _byName = new(StringComparer.Ordinal);

    public BundleWriter(string prefix, CheckpointWriterOptions options)
    {
        if (options.MaxShardSize is null && (options.ShardCount < 1 || options.ShardCount > BundleHeader.MaxShards))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"ShardCount is {options.ShardCount}; it must be 1 to {BundleHeader.MaxShards}.");
        }
        if (options.MaxShardSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxShardSize is {options.MaxShardSize}; it must be positive.");
        }
        Prefix = prefix;
        _options = options;
    }

    public string Prefix { get; }

    public void Add(string name, TensorShape shape, TensorData data, int? shard) =>
        AddTensor(name, data.DataType, shape, data.Bind(name, shape), shard);

    public void AddSlice(string name, TensorShape fullShape, TensorSlice slice, TensorData data, int? shard)
    {
        var sliceShape = SliceShape(name, fullShape, slice);
        AddPart(name, data.DataType, fullShape, slice, data.Bind(name, sliceShape), shard);
    }

    /// <summary>Adds a whole tensor whose bytes <paramref name="source"/> provides.</summary>
    public void AddTensor(string name, TensorDataType dataType, TensorShape shape, TensorSource source, int? shard)
    {
        var key = NameKey(name);
        CheckData(name, dataType, shape, source);
        CheckShard(name, shard);
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }
        _byName.Add(name, null);
        _parts.Add(new PendingTensor(name, key, key, dataType, shape, null, source, shard, _parts.Count));
    }

    /// <summary>
    /// Adds one partition of a partitioned tensor. A partition covering the whole tensor is
    /// stored as a plain tensor, as TensorFlow does.
    /// </summary>
    public void AddPart(string name, TensorDataType dataType, TensorShape fullShape, TensorSlice slice, TensorSource source, int? shard)
    {
        var sliceShape = SliceShape(name, fullShape, slice);
        if (sliceShape.Equals(fullShape))
        {
            AddTensor(name, dataType, fullShape, source, shard);
            return;
        }
        var key = NameKey(name);
        CheckData(name, dataType, sliceShape, source);
        CheckShard(name, shard);
        if (!_byName.TryGetValue(name, out var tensor))
        {
            tensor = new PartitionedTensor(name, key, dataType, fullShape);
            _byName.Add(name, tensor);
        }
        else if (tensor is null)
        {
            throw new ArgumentException($"A tensor named '{name}' was already added whole; it cannot also have partitions.", nameof(name));
        }
        else if (tensor.DataType != dataType || !tensor.FullShape.Equals(fullShape))
        {
            throw new ArgumentException(
                $"'{name}' was partitioned as {TensorDataTypes.Name(tensor.DataType)} {tensor.FullShape}; this partition says {TensorDataTypes.Name(dataType)} {fullShape}.",
                nameof(fullShape));
        }
        foreach (var other in tensor.Parts)
        {
            if (Overlap(fullShape, slice, other.Slice!))
            {
                throw new ArgumentException($"Partition {slice} of '{name}' overlaps partition {other.Slice}.", nameof(slice));
            }
        }
        var part = new PendingTensor(name, key, SliceKey.Encode(name, slice), dataType, sliceShape, slice, source, shard, _parts.Count);
        tensor.Parts.Add(part);
        _parts.Add(part);
    }

    /// <summary>
    /// Writes every data file and the index under temporary names beside their final ones. The
    /// returned set installs them; if writing fails, the temporary files are already gone.
    /// </summary>
    public AtomicFileSet WriteTemporaryFiles(IProgress<long>? progress)
    {
        var order = _options.DataOrder == TensorDataOrder.AsAdded
            ? _parts.OrderBy(p => p.Sequence).ToList()
            : _parts.OrderBy(p => p.NameKey, KeyOrder.Instance).ThenBy(p => p.Sequence).ToList();
        var shardCount = AssignShards(order);
        var files = new AtomicFileSet();
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(Prefix));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var byShard = order.ToLookup(p => p.ShardId);
            long done = 0;
            for (var shard = 0; shard < shardCount; shard++)
            {
                using var output = new ShardWriter(files.Add(BundleStore.DataFilePath(Prefix, shard, shardCount)));
                foreach (var part in byShard[shard])
                {
                    part.Offset = output.Position;
                    part.Crc = part.Source.WriteTo(output, part.Name);
                    done += part.Source.Size;
                    progress?.Report(done);
                }
            }
            using (var index = new FileStream(files.Add(Prefix + ".index"), FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                WriteIndex(index, shardCount);
            }
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    private int AssignShards(List<PendingTensor> order)
    {
        if (_options.MaxShardSize is not { } max)
        {
            foreach (var part in order)
            {
                part.ShardId = part.RequestedShard ?? 0;
            }
            return _options.ShardCount;
        }
        var shard = 0;
        long used = 0;
        foreach (var part in order)
        {
            var size = part.Source.Size;
            if (used > 0 && size > max - used)
            {
                shard++;
                used = 0;
            }
            part.ShardId = shard;
            used += size;
        }
        if (shard >= BundleHeader.MaxShards)
        {
            throw new InvalidOperationException($"MaxShardSize {max} would split the checkpoint into more than {BundleHeader.MaxShards} data files.");
        }
        return shard + 1;
    }

    private void WriteIndex(Stream output, int shardCount)
    {
        var entries = new List<KeyValuePair<byte[], byte[]>>();
        foreach (var part in _parts)
        {
            entries.Add(new(part.Key, BundleProtos.Entry(part.DataType, part.Shape, part.ShardId, part.Offset, part.Source.Size, part.Crc)));
        }
        foreach (var tensor in _byName.Values)
        {
            if (tensor is not null)
            {
                // A sharded TensorFlow save merges the per-shard indexes in shard order, which
                // orders the slices by shard and keeps the order of addition within a shard.
                var parts = tensor.Parts.OrderBy(p => p.ShardId).ThenBy(p => p.Sequence).ToList();
                entries.Add(new(tensor.Key, BundleProtos.PartitionedEntry(tensor.DataType, tensor.FullShape, parts[0].ShardId, parts.Select(p => p.Slice!))));
            }
        }
        entries.Sort((a, b) => KeyOrder.Instance.Compare(a.Key, b.Key));
        var table = new TableBuilder(output);
        table.Add(ReadOnlySpan<byte>.Empty, BundleProtos.Header(shardCount));
        foreach (var entry in entries)
        {
            table.Add(entry.Key, entry.Value);
        }
        table.Finish();
    }

    private static byte[] NameKey(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A tensor name must not be empty: the empty key holds the checkpoint's header.", nameof(name));
        }
        if (name[0] == '\0')
        {
            throw new ArgumentException("A tensor name must not start with U+0000: such keys are reserved for partitions.", nameof(name));
        }
        try
        {
            return StrictUtf8.GetBytes(name);
        }
        catch (System.Text.EncoderFallbackException e)
        {
            throw new ArgumentException($"The tensor name '{name}' is not valid Unicode (it has an unpaired surrogate).", nameof(name), e);
        }
    }

    private static void CheckData(string name, TensorDataType dataType, TensorShape shape, TensorSource source)
    {
        if (dataType == TensorDataType.String)
        {
            return;
        }
        if (!TensorDataTypes.IsDefined(dataType) || !TensorDataTypes.IsFixedSize(dataType))
        {
            throw new ArgumentException($"'{name}' is {TensorDataTypes.Name(dataType)}, which has no stored values to write.", nameof(dataType));
        }
        var expected = TensorData.FixedByteSize(name, dataType, shape);
        if (source.Size != expected)
        {
            throw new ArgumentException(
                $"The data of '{name}' holds {source.Size} bytes; a {TensorDataTypes.Name(dataType)} {shape} tensor takes {expected}.", nameof(source));
        }
    }

    private void CheckShard(string name, int? shard)
    {
        if (shard is not { } s)
        {
            return;
        }
        if (_options.MaxShardSize is not null)
        {
            throw new ArgumentException($"'{name}' asks for shard {s}, but shards are assigned by MaxShardSize.", nameof(shard));
        }
        if (s < 0 || s >= _options.ShardCount)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"'{name}' asks for shard {s}; the checkpoint has shards 0 to {_options.ShardCount - 1}.");
        }
    }

    private static TensorShape SliceShape(string name, TensorShape fullShape, TensorSlice slice)
    {
        var problem = slice.Validate(fullShape);
        if (problem is not null)
        {
            throw new ArgumentException($"Partition {slice} of '{name}' does not fit {fullShape}: {problem}.", nameof(slice));
        }
        return TensorShape.Create(slice.ShapeIn(fullShape));
    }

    /// <summary>Whether two partitions share an element: their ranges intersect in every dimension.</summary>
    private static bool Overlap(TensorShape fullShape, TensorSlice a, TensorSlice b)
    {
        for (var d = 0; d < fullShape.Rank; d++)
        {
            var ea = a.Extents[d];
            var eb = b.Extents[d];
            var start = Math.Max(ea.Start, eb.Start);
            var end = Math.Min(ea.Start + ea.LengthIn(fullShape[d]), eb.Start + eb.LengthIn(fullShape[d]));
            if (start >= end)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Unsigned lexicographic byte order: the order of the index's keys.</summary>
    private sealed class KeyOrder : IComparer<byte[]>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
    }
}
