using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// A V2 checkpoint that tensors are copied from as stored bytes. It reads the index and opens
/// the data files itself, independently of the <see cref="Checkpoint"/> it came from, so the
/// copy can run after that checkpoint is disposed and is released before the new files are
/// renamed into place (which may be over these very files).
/// </summary>
internal sealed class SourceBundle : IDisposable
{
    private readonly BundleIndex _index;
    private readonly ShardFile[] _shards;
    private readonly Dictionary<string, CheckpointVariable> _byName;

    private SourceBundle(string prefix, BundleIndex index)
    {
        _index = index;
        var n = index.Header.NumShards;
        _shards = new ShardFile[n];
        for (var i = 0; i < n; i++)
        {
            _shards[i] = new ShardFile(BundleStore.DataFilePath(prefix, i, n));
        }
        _byName = index.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The checkpoint's bundle, or null when its stored bytes cannot be copied as they are (V1, big-endian).</summary>
    public static SourceBundle? TryOpen(CheckpointLocation location)
    {
        if (location.Format != CheckpointFormat.V2)
        {
            return null;
        }
        var index = BundleIndex.Read(location.IndexPath);
        return index.Header.BigEndian ? null : new SourceBundle(location.Prefix, index);
    }

    public CheckpointVariable Entry(string name) =>
        _byName.TryGetValue(name, out var entry)
            ? entry
            : throw new CheckpointFormatException("the index no longer lists this tensor", _index.IndexPath, null, name);

    /// <summary>The entry of one partition, checked to hold what the tensor's entry says it does.</summary>
    public CheckpointVariable Slice(CheckpointVariable entry, TensorSlice slice) => _index.Partition(entry, slice);

    public ShardFile Shard(CheckpointVariable entry) => _shards[entry.ShardId];

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }
}
