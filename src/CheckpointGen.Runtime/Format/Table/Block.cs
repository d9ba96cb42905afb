using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Table;

/// <summary>Receives one table entry; the spans are valid only during the call.</summary>
internal delegate void TableEntryHandler(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long valueFileOffset);

/// <summary>
/// One decoded block: prefix-compressed entries followed by the restart array. Iteration is
/// sequential (every consumer here reads all entries), so restarts are only validated.
/// </summary>
internal readonly struct Block
{
    private readonly ReadOnlyMemory<byte> _contents;
    private readonly string _file;

    /// <summary>File offset of byte 0 of the contents; null when the block was decompressed.</summary>
    private readonly long? _fileOffset;
    private readonly long _handleOffset;

    public Block(ReadOnlyMemory<byte> contents, string file, long handleOffset, bool compressed)
    {
        _contents = contents;
        _file = file;
        _handleOffset = handleOffset;
        _fileOffset = compressed ? null : handleOffset;
    }

    /// <summary>Visits the entries in order, rebuilding each key from its shared prefix.</summary>
    /// <param name="keyBuffer">Scratch space for keys, reused across blocks and grown as needed.</param>
    /// <param name="handler">Called once per entry.</param>
    public void ForEach(ref byte[] keyBuffer, TableEntryHandler handler)
    {
        var span = _contents.Span;
        if (span.Length < 4)
        {
            throw new CheckpointFormatException($"block of {span.Length} bytes has no restart count", _file, _handleOffset);
        }
        var restarts = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(span.Length - 4));
        if (restarts > (uint)(span.Length - 4) / 4)
        {
            throw new CheckpointFormatException($"block claims {restarts} restart points but has {span.Length} bytes", _file, _handleOffset);
        }
        var entriesEnd = span.Length - 4 - ((int)restarts * 4);
        var reader = new SpanReader(span.Slice(0, entriesEnd), _file, _fileOffset ?? _handleOffset);
        var keyLength = 0;
        while (reader.Remaining > 0)
        {
            var shared = reader.ReadVarint32("entry shared length");
            var nonShared = reader.ReadVarint32("entry key length");
            var valueLength = reader.ReadVarint32("entry value length");
            if (shared > keyLength)
            {
                throw reader.Error($"entry shares {shared} key bytes with a {keyLength}-byte previous key");
            }
            var suffix = reader.ReadBytes(checked((int)Math.Min(nonShared, int.MaxValue)), "entry key");
            var newLength = (int)shared + suffix.Length;
            if (newLength > keyBuffer.Length)
            {
                Array.Resize(ref keyBuffer, Math.Max(newLength, keyBuffer.Length * 2));
            }
            suffix.CopyTo(keyBuffer.AsSpan((int)shared));
            keyLength = newLength;
            var valueOffset = reader.FileOffset;
            var value = reader.ReadBytes(checked((int)Math.Min(valueLength, int.MaxValue)), "entry value");
            handler(keyBuffer.AsSpan(0, keyLength), value, _fileOffset is null ? _handleOffset : valueOffset);
        }
    }
}
