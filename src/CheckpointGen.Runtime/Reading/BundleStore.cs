using System.Globalization;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Format.Bundle;

namespace CheckpointGen.Runtime.Reading;

/// <summary>Tensors of a V2 checkpoint: an index and its data shards.</summary>
internal sealed unsafe class BundleStore : TensorStore
{
    /// <summary>What one CRC pass over mapped bytes takes: the most a span can hold.</summary>
    private const int MaxSpanBytes = int.MaxValue;

    private readonly BundleIndex _index;
    private readonly string _prefix;

    /// <summary>Shards by id, created on first use: a header may declare far more shards than are read.</summary>
    private readonly Dictionary<int, ShardFile> _shards = new();
    private bool _disposed;

    public BundleStore(string prefix, BundleIndex index)
    {
        _index = index;
        _prefix = prefix;
    }

    /// <summary><c>prefix.data-00000-of-00001</c>: TensorFlow's shard file name.</summary>
    public static string DataFilePath(string prefix, int shard, int count) =>
        string.Format(CultureInfo.InvariantCulture, "{0}.data-{1:D5}-of-{2:D5}", prefix, shard, count);

    public override CheckpointFormat Format => CheckpointFormat.V2;

    public override IReadOnlyList<CheckpointVariable> Tensors => _index.Entries;

    public override IReadOnlyList<string> Files => new BundleFileList(_index.IndexPath, _prefix, _index.Header.NumShards);

    public BundleHeader Header => _index.Header;

    public override void ReadRaw(CheckpointVariable tensor, Span<byte> destination, bool verify)
    {
        if (tensor.IsPartitioned)
        {
            ReadPartitioned(tensor, destination, verify);
            return;
        }
        ReadEntry(tensor, destination, verify);
    }

    public override byte* Map(CheckpointVariable entry, bool verify, out string? whyNot)
    {
        var elementSize = TensorDataTypes.ElementSize(entry.DataType);
        whyNot = entry.IsPartitioned ? "it is partitioned; its partitions are not contiguous"
            : elementSize == 0 ? $"{TensorDataTypes.Name(entry.DataType)} elements have no fixed size"
            : _index.Header.BigEndian && elementSize > 1 ? "its bytes are big-endian"
            : null;
        if (whyNot is not null)
        {
            return null;
        }
        var shard = Shard(entry.ShardId);
        var pointer = shard.Map(entry.Offset, entry.Size, entry.Name);
        if (verify)
        {
            CheckCrc(entry, ChecksumMapped(pointer, entry.Size), shard);
        }
        return pointer;
    }

    public override void Verify(CheckpointVariable entry)
    {
        if (entry.IsPartitioned)
        {
            foreach (var slice in entry.Slices)
            {
                VerifyEntry(_index.Partition(entry, slice));
            }
            return;
        }
        VerifyEntry(entry);
    }

    public override void CheckReadable(CheckpointVariable entry)
    {
        if (entry.IsPartitioned)
        {
            CheckPartitions(entry);
            return;
        }
        Shard(entry.ShardId).CheckRange(entry.Offset, entry.Size, entry.Name);
    }

    public override void Dispose()
    {
        lock (_shards)
        {
            _disposed = true;
            foreach (var shard in _shards.Values)
            {
                shard.Dispose();
            }
        }
    }

    private ShardFile Shard(int id)
    {
        lock (_shards)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(Checkpoint), "The checkpoint was disposed; its memory-mapped tensors are no longer valid.");
            }
            if (!_shards.TryGetValue(id, out var shard))
            {
                shard = new ShardFile(DataFilePath(_prefix, id, _index.Header.NumShards));
                _shards[id] = shard;
            }
            return shard;
        }
    }

    private void VerifyEntry(CheckpointVariable entry)
    {
        if (entry.DataType == TensorDataType.String)
        {
            ReadStrings(entry, verify: true);
            return;
        }
        // Checksummed straight out of the page cache through the memory mapping: no copy at all.
        // Reading into a cache-sized buffer instead costs the kernel's copy of every byte (as much
        // CPU as the checksum itself); the mapping costs a page fault per block of pages the
        // kernel maps at once (about one per MiB of a file in an ext4 page cache) and the
        // unmapping at disposal. Verified reads (ReadEntry) take their bytes from the same mapping.
        var shard = Shard(entry.ShardId);
        var source = shard.Map(entry.Offset, entry.Size, entry.Name);
        CheckCrc(entry, ChecksumMapped(source, entry.Size), shard);
    }

    private void ReadEntry(CheckpointVariable entry, Span<byte> destination, bool verify)
    {
        if (destination.Length != entry.Size)
        {
            throw new ArgumentException($"tensor '{entry.Name}' has {entry.Size} bytes; the destination holds {destination.Length}", nameof(destination));
        }
        var shard = Shard(entry.ShardId);
        if (verify)
        {
            // Copied out of the mapping and checksummed in one pass, each byte while it is in a
            // register (or in L1), where a read followed by a checksum would go over it twice.
            var source = shard.Map(entry.Offset, entry.Size, entry.Name);
            CheckCrc(entry, Crc32C.CopyAndAppend(0, new ReadOnlySpan<byte>(source, destination.Length), destination), shard);
        }
        else
        {
            shard.Read(entry.Offset, destination, entry.Name);
        }
        if (_index.Header.BigEndian)
        {
            ByteOrder.SwapInPlace(destination, entry.DataType);
        }
    }

    private void ReadPartitioned(CheckpointVariable entry, Span<byte> destination, bool verify)
    {
        var elementSize = TensorDataTypes.ElementSize(entry.DataType);
        var parts = CheckPartitions(entry);
        for (var i = 0; i < parts.Length; i++)
        {
            var bytes = new byte[parts[i].Size];
            ReadEntry(parts[i], bytes, verify);
            SliceScatter.Copy<byte>(bytes, destination, entry.Shape, entry.Slices[i], elementSize);
        }
    }

    public override byte[][] ReadStrings(CheckpointVariable entry, bool verify)
    {
        if (entry.IsPartitioned)
        {
            var parts = CheckPartitions(entry);
            var full = new byte[entry.Shape.ElementCount][];
            for (var i = 0; i < parts.Length; i++)
            {
                SliceScatter.Copy<byte[]>(ReadStrings(parts[i], verify), full, entry.Shape, entry.Slices[i], 1);
            }
            return full;
        }
        var shard = Shard(entry.ShardId);
        shard.CheckRange(entry.Offset, entry.Size, entry.Name);
        if (entry.Size > int.MaxValue)
        {
            throw new CheckpointFormatException($"string tensor of {entry.Size} bytes is larger than a byte array can hold", shard.Path, entry.Offset, entry.Name);
        }
        var data = new byte[entry.Size];
        shard.Read(entry.Offset, data, entry.Name);
        var strings = StringTensorCodec.Decode(data, entry.Shape.ElementCount, shard.Path, entry.Offset, entry.Name, out var crc);
        if (verify)
        {
            CheckCrc(entry, crc, shard);
        }
        return strings;
    }

    /// <summary>
    /// The entries of a partitioned tensor's partitions, checked before anything is allocated for
    /// the whole: each lies inside its data file, together they hold every element, and those in
    /// one file fit in it, so partitions pointing at the same bytes cannot inflate a tensor
    /// beyond what the files hold.
    /// </summary>
    private CheckpointVariable[] CheckPartitions(CheckpointVariable entry)
    {
        var parts = new CheckpointVariable[entry.Slices.Count];
        var bytesPerShard = new Dictionary<int, long>();
        long elements = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = _index.Partition(entry, entry.Slices[i]);
            Shard(part.ShardId).CheckRange(part.Offset, part.Size, entry.Name);
            bytesPerShard.TryGetValue(part.ShardId, out var bytes);
            bytesPerShard[part.ShardId] = SaturatingAdd(bytes, part.Size);
            elements = SaturatingAdd(elements, part.Shape.ElementCount);
            parts[i] = part;
        }
        foreach (var pair in bytesPerShard)
        {
            var shard = Shard(pair.Key);
            var length = shard.GetLength(entry.Name);
            if (pair.Value > length)
            {
                throw new CheckpointFormatException($"partitions take {pair.Value} bytes of the {length}-byte data file", shard.Path, null, entry.Name);
            }
        }
        if (elements < entry.Shape.ElementCount)
        {
            throw new CheckpointFormatException(
                $"partitions hold {elements} of the {entry.Shape.ElementCount} elements", _index.IndexPath, entry.IndexOffset, entry.Name);
        }
        return parts;
    }

    private static uint ChecksumMapped(byte* pointer, long size)
    {
        var crc = 0u;
        for (long done = 0; done < size;)
        {
            var n = (int)Math.Min(MaxSpanBytes, size - done);
            crc = Crc32C.Append(crc, new ReadOnlySpan<byte>(pointer + done, n));
            done += n;
        }
        return crc;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static void CheckCrc(CheckpointVariable entry, uint actual, ShardFile shard)
    {
        var stored = entry.Crc32C.GetValueOrDefault();
        if (stored != actual)
        {
            throw new CheckpointChecksumException("tensor data", stored, actual, shard.Path, entry.Offset, entry.Name);
        }
    }
}
