namespace CheckpointGen.Runtime.Format.Table;

/// <summary>
/// Every entry of every data block of a <see cref="TableReader"/>, in key order, checking that
/// keys increase and that data blocks follow each other in the file. Decompressed blocks go to
/// buffers reused from block to block, so walking a table allocates nothing per entry.
/// </summary>
internal ref struct TableIterator
{
    private readonly TableReader _table;
    private BlockIterator _index;
    private BlockIterator _data;
    private bool _inBlock;
    private byte[]? _dataScratch;

    /// <summary>
    /// Data blocks lie in file order without overlap, as every writer lays them out; holding
    /// hostile indexes to that keeps the work linear in the file (no block read twice).
    /// </summary>
    private ulong _nextBlockStart;

    public TableIterator(TableReader table)
    {
        _table = table;
        byte[]? indexScratch = null;
        var indexBlock = table.ReadBlock(table.IndexHandle, "index block", ref indexScratch, out var compressed);
        _index = new BlockIterator(indexBlock, table.FilePath, (long)table.IndexHandle.Offset, compressed, new byte[64], -1);
        _data = default;
        _inBlock = false;
        _dataScratch = null;
        _nextBlockStart = 0;
    }

    /// <summary>The current key; valid until the next <see cref="MoveNext"/>.</summary>
    public readonly ReadOnlySpan<byte> Key => _data.Key;

    /// <summary>The current value; valid until the next <see cref="MoveNext"/>.</summary>
    public readonly ReadOnlySpan<byte> Value => _data.Value;

    /// <summary>The value's file offset (the block's, for a compressed block).</summary>
    public readonly long ValueOffset => _data.ValueOffset;

    public bool MoveNext()
    {
        while (true)
        {
            if (_inBlock && _data.MoveNext())
            {
                if (!_data.Increasing)
                {
                    throw new CheckpointFormatException(
                        "table keys are not strictly increasing", _table.FilePath, _data.ValueOffset, TableReader.KeyText(_data.Key));
                }
                return true;
            }
            if (!_index.MoveNext())
            {
                return false;
            }
            var handleReader = new SpanReader(_index.Value, _table.FilePath, _index.ValueOffset);
            var handle = BlockHandle.Read(ref handleReader, "data block handle");
            if (handle.Offset < _nextBlockStart)
            {
                throw new CheckpointFormatException(
                    $"data block at offset {handle.Offset} overlaps the previous data block, which ends at {_nextBlockStart}", _table.FilePath, _index.ValueOffset);
            }
            var contents = _table.ReadBlock(handle, "data block", ref _dataScratch, out var compressed);
            _nextBlockStart = handle.Offset + handle.Size + TableFormat.BlockTrailerLength;
            var (keys, keyLength) = _inBlock ? (_data.Keys, _data.KeyLength) : (new byte[256], -1);
            _data = new BlockIterator(contents, _table.FilePath, (long)handle.Offset, compressed, keys, keyLength);
            _inBlock = true;
        }
    }
}
