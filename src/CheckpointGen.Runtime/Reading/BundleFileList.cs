using System.Collections;

namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// The index and every data file a header declares, named on demand: a header may declare up to
/// <see cref="Format.Bundle.BundleHeader.MaxShards"/> shards, too many to hold as strings for a
/// checkpoint that may use one.
/// </summary>
internal sealed class BundleFileList : IReadOnlyList<string>
{
    private readonly string _indexPath;
    private readonly string _prefix;
    private readonly int _shards;

    public BundleFileList(string indexPath, string prefix, int shards)
    {
        _indexPath = indexPath;
        _prefix = prefix;
        _shards = shards;
    }

    public int Count => _shards + 1;

    public string this[int index] =>
        index == 0 ? _indexPath
        : index > 0 && index <= _shards ? BundleStore.DataFilePath(_prefix, index - 1, _shards)
        : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
