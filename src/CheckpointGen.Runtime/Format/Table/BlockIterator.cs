using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Table;

/// <summary>
/// Walks one decoded block: prefix-compressed entries followed by the restart array. Iteration
/// is sequential (every consumer here reads all entries), so restarts are only validated. Keys
/// are rebuilt in a buffer the caller hands from block to block, which is also what lets
/// <see cref="Increasing"/> compare a key with the previous one, even across blocks, by its
/// new suffix alone.
/// </summary>
internal ref struct BlockIterator
{
    private readonly string _file;
    private readonly long _handleOffset;
    private readonly bool _compressed;
    private SpanReader _reader;
    private byte[] _keys;

    /// <summary>Length of the previous key in this block: what an entry may share.</summary>
    private int _blockKeyLength;

    /// <summary>Length of the key in the buffer, from this block or the one before; -1 before any.</summary>
    private int _keyLength;

    /// <param name="contents">The block, after decompression.</param>
    /// <param name="file">The table file, for errors.</param>
    /// <param name="handleOffset">Where the block starts in the file.</param>
    /// <param name="compressed">Whether <paramref name="contents"/> were decompressed: entries then have no file offset of their own.</param>
    /// <param name="keys">Holds the previous key (of <paramref name="keyLength"/> bytes, -1 for none); grown as needed.</param>
    /// <param name="keyLength">The length of the previous key, or -1.</param>
    public BlockIterator(ReadOnlySpan<byte> contents, string file, long handleOffset, bool compressed, byte[] keys, int keyLength)
    {
        _file = file;
        _handleOffset = handleOffset;
        _compressed = compressed;
        _keys = keys;
        _keyLength = keyLength;
        _blockKeyLength = 0;
        Value = default;
        ValueOffset = 0;
        Increasing = true;
        if (contents.Length < 4)
        {
            throw new CheckpointFormatException($"block of {contents.Length} bytes has no restart count", file, handleOffset);
        }
        var restarts = BinaryPrimitives.ReadUInt32LittleEndian(contents.Slice(contents.Length - 4));
        if (restarts > (uint)(contents.Length - 4) / 4)
        {
            throw new CheckpointFormatException($"block claims {restarts} restart points but has {contents.Length} bytes", file, handleOffset);
        }
        var entriesEnd = contents.Length - 4 - ((int)restarts * 4);
        _reader = new SpanReader(contents.Slice(0, entriesEnd), file, handleOffset);
    }

    /// <summary>The current key; valid until the next <see cref="MoveNext"/>.</summary>
    public readonly ReadOnlySpan<byte> Key => _keys.AsSpan(0, _keyLength);

    /// <summary>The current value.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>The value's file offset, or the block's when the block was decompressed.</summary>
    public long ValueOffset { get; private set; }

    /// <summary>Whether the current key sorts after the previous one (true for the first key).</summary>
    public bool Increasing { get; private set; }

    /// <summary>The key buffer, to hand to the next block's iterator with <see cref="KeyLength"/>.</summary>
    public readonly byte[] Keys => _keys;

    /// <summary>The length of the current key, -1 before the first.</summary>
    public readonly int KeyLength => _keyLength;

    public bool MoveNext()
    {
        if (_reader.Remaining == 0)
        {
            return false;
        }
        var shared = _reader.ReadVarint32("entry shared length");
        var nonShared = _reader.ReadVarint32("entry key length");
        var valueLength = _reader.ReadVarint32("entry value length");
        if (shared > _blockKeyLength)
        {
            throw _reader.Error($"entry shares {shared} key bytes with a {_blockKeyLength}-byte previous key");
        }
        var suffix = _reader.ReadBytes(checked((int)Math.Min(nonShared, int.MaxValue)), "entry key");
        // The key equals the previous one up to `shared`, so the suffix against the rest of the
        // previous key decides the order.
        Increasing = _keyLength < 0 || suffix.SequenceCompareTo(_keys.AsSpan((int)shared, _keyLength - (int)shared)) > 0;
        var newLength = (int)shared + suffix.Length;
        if (newLength > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(newLength, _keys.Length * 2));
        }
        suffix.CopyTo(_keys.AsSpan((int)shared));
        _keyLength = newLength;
        _blockKeyLength = newLength;
        var valueOffset = _reader.FileOffset;
        Value = _reader.ReadBytes(checked((int)Math.Min(valueLength, int.MaxValue)), "entry value");
        ValueOffset = _compressed ? _handleOffset : valueOffset;
        return true;
    }
}
