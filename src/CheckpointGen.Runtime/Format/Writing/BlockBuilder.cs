namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Builds one table block the way LevelDB's BlockBuilder does, byte for byte: each key stored
/// as the suffix it does not share with the previous key, a full key every
/// <c>restartInterval</c> entries, then the restart offsets and their count.
/// </summary>
internal sealed class BlockBuilder
{
    private readonly int _restartInterval;
    private readonly ByteBuffer _buffer = new();
    private readonly List<int> _restarts = new() { 0 };
    private readonly ByteBuffer _lastKey = new();
    private int _sinceRestart;

    public BlockBuilder(int restartInterval) => _restartInterval = restartInterval;

    public bool IsEmpty => _buffer.Length == 0;

    /// <summary>The size <see cref="Finish"/> would produce now: what the table builder compares with its block size.</summary>
    public int CurrentSizeEstimate => _buffer.Length + (_restarts.Count * 4) + 4;

    /// <summary>Appends an entry; keys must arrive in strictly increasing order (the table builder checks).</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var shared = 0;
        if (_sinceRestart < _restartInterval)
        {
            var last = _lastKey.Span;
            var limit = Math.Min(last.Length, key.Length);
            while (shared < limit && last[shared] == key[shared])
            {
                shared++;
            }
        }
        else
        {
            _restarts.Add(_buffer.Length);
            _sinceRestart = 0;
        }
        _buffer.AppendVarint((ulong)shared);
        _buffer.AppendVarint((ulong)(key.Length - shared));
        _buffer.AppendVarint((ulong)value.Length);
        _buffer.Append(key.Slice(shared));
        _buffer.Append(value);
        _lastKey.Clear();
        _lastKey.Append(key);
        _sinceRestart++;
    }

    /// <summary>Appends the restart array and returns the block's contents, valid until <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        foreach (var restart in _restarts)
        {
            _buffer.AppendFixed32((uint)restart);
        }
        _buffer.AppendFixed32((uint)_restarts.Count);
        return _buffer.Span;
    }

    public void Reset()
    {
        _buffer.Clear();
        _restarts.Clear();
        _restarts.Add(0);
        _lastKey.Clear();
        _sinceRestart = 0;
    }
}
