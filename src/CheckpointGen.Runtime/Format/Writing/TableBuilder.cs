using System.Buffers.Binary;
using CheckpointGen.Runtime.Format.Table;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Writes a LevelDB-format table as TensorFlow's TableBuilder does for a TensorBundle index:
/// uncompressed data blocks cut at the target block size, an empty metaindex block, an index
/// block keyed by shortest separators, and the footer. The result reads back with
/// <see cref="TableReader"/> and with LevelDB itself.
/// </summary>
internal sealed class TableBuilder
{
    private static readonly byte[] TrailerType = { TableFormat.NoCompression };

    private readonly Stream _output;
    private readonly int _blockSize;
    private readonly BlockBuilder _dataBlock = new(TableFormat.DataBlockRestartInterval);
    private readonly BlockBuilder _indexBlock = new(TableFormat.IndexBlockRestartInterval);
    private readonly ByteBuffer _lastKey = new();
    private readonly ByteBuffer _scratch = new();
    private long _offset;
    private long _entries;
    private bool _finished;

    /// <summary>The data block that was just written and still needs its index entry.</summary>
    private BlockHandle? _pendingHandle;

    /// <param name="output">Receives the table; written sequentially, never sought.</param>
    /// <param name="blockSize">Target size of a data block; TensorFlow's is the default.</param>
    public TableBuilder(Stream output, int blockSize = TableFormat.DefaultBlockSize)
    {
        _output = output;
        _blockSize = blockSize;
    }

    /// <summary>Appends an entry; keys must be strictly increasing in byte order.</summary>
    /// <exception cref="ArgumentException">The key is not greater than the previous one.</exception>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The table is already finished.");
        }
        if (_entries > 0 && key.SequenceCompareTo(_lastKey.Span) <= 0)
        {
            throw new ArgumentException(
                $"table key {TableReader.KeyText(key)} does not follow {TableReader.KeyText(_lastKey.Span)} in byte order", nameof(key));
        }
        if (_pendingHandle is { } handle)
        {
            AddIndexEntry(BytewiseComparator.FindShortestSeparator(_lastKey.Span, key), handle);
        }
        _lastKey.Clear();
        _lastKey.Append(key);
        _entries++;
        _dataBlock.Add(key, value);
        if (_dataBlock.CurrentSizeEstimate >= _blockSize)
        {
            FlushDataBlock();
        }
    }

    /// <summary>Writes the last data block, the metaindex and index blocks, and the footer.</summary>
    public void Finish()
    {
        FlushDataBlock();
        _finished = true;
        var metaindex = WriteBlock(new BlockBuilder(TableFormat.DataBlockRestartInterval));
        if (_pendingHandle is { } handle)
        {
            AddIndexEntry(BytewiseComparator.FindShortSuccessor(_lastKey.Span), handle);
        }
        var index = WriteBlock(_indexBlock);

        _scratch.Clear();
        AppendHandle(_scratch, metaindex);
        AppendHandle(_scratch, index);
        while (_scratch.Length < 2 * BlockHandle.MaxEncodedLength)
        {
            _scratch.AppendByte(0);
        }
        _scratch.AppendFixed32(unchecked((uint)TableFormat.Magic));
        _scratch.AppendFixed32((uint)(TableFormat.Magic >> 32));
        Write(_scratch.Span);
    }

    private void FlushDataBlock()
    {
        if (!_dataBlock.IsEmpty)
        {
            _pendingHandle = WriteBlock(_dataBlock);
        }
    }

    private void AddIndexEntry(byte[] key, BlockHandle handle)
    {
        _scratch.Clear();
        AppendHandle(_scratch, handle);
        _indexBlock.Add(key, _scratch.Span);
        _pendingHandle = null;
    }

    /// <summary>The block's contents, then the type byte and the masked CRC32C of both.</summary>
    private BlockHandle WriteBlock(BlockBuilder block)
    {
        var contents = block.Finish();
        var handle = new BlockHandle((ulong)_offset, (ulong)contents.Length);
        Span<byte> trailer = stackalloc byte[TableFormat.BlockTrailerLength];
        trailer[0] = TableFormat.NoCompression;
        var crc = Crc32C.Append(Crc32C.Compute(contents), TrailerType);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.Slice(1), Crc32C.Mask(crc));
        Write(contents);
        Write(trailer);
        block.Reset();
        return handle;
    }

    private static void AppendHandle(ByteBuffer buffer, BlockHandle handle)
    {
        buffer.AppendVarint(handle.Offset);
        buffer.AppendVarint(handle.Size);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
#if NET
        _output.Write(bytes);
#else
        _output.Write(bytes.ToArray(), 0, bytes.Length);
#endif
        _offset += bytes.Length;
    }
}
