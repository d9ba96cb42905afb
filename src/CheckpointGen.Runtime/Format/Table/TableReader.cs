using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Table;

/// <summary>
/// Reads a LevelDB-format table (a TensorBundle .index, or a V1 checkpoint) held in memory.
/// Every block's CRC is verified and every handle is checked against the file before use, so
/// a corrupt or hostile file fails with an offset instead of reading out of bounds.
/// </summary>
internal sealed class TableReader
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly byte[] _data;
    private readonly string _file;
    private readonly BlockHandle _indexHandle;

    private TableReader(byte[] data, string file, BlockHandle indexHandle)
    {
        _data = data;
        _file = file;
        _indexHandle = indexHandle;
    }

    /// <summary>The table's bytes; the size of the file bounds every allocation made from it.</summary>
    public static TableReader Open(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointNotFoundException("file not found", path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new CheckpointNotFoundException("file not found", path);
        }
        return FromBytes(data, path);
    }

    public static TableReader FromBytes(byte[] data, string file)
    {
        if (data.Length < TableFormat.FooterLength)
        {
            throw new CheckpointFormatException(
                $"file is {data.Length} bytes, shorter than the {TableFormat.FooterLength}-byte table footer", file, 0);
        }
        var footerStart = data.Length - TableFormat.FooterLength;
        var magic = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(data.Length - 8));
        if (magic != TableFormat.Magic)
        {
            throw new CheckpointFormatException(
                $"not a table: footer magic is 0x{magic:x16}, expected 0x{TableFormat.Magic:x16}", file, data.Length - 8);
        }
        var reader = new SpanReader(data.AsSpan(footerStart, 2 * BlockHandle.MaxEncodedLength), file, footerStart);
        BlockHandle.Read(ref reader, "metaindex handle");
        var index = BlockHandle.Read(ref reader, "index handle");
        return new TableReader(data, file, index);
    }

    public string FilePath => _file;

    /// <summary>Where the index block starts: the place to point at when the table holds no entries.</summary>
    public long IndexBlockOffset => (long)_indexHandle.Offset;

    /// <summary>Visits every entry of every data block, in key order, checking keys increase.</summary>
    public void ForEach(TableEntryHandler handler)
    {
        var indexBlock = ReadBlock(_indexHandle, "index block");
        var keyBuffer = new byte[256];
        var dataKeyBuffer = new byte[256];
        var previous = new byte[256];
        var previousLength = -1;
        var file = _file;
        // Data blocks lie in file order without overlap, as every writer lays them out; holding
        // hostile indexes to that keeps the work linear in the file (no block read twice).
        var nextBlockStart = 0UL;
        indexBlock.ForEach(ref keyBuffer, (key, value, valueOffset) =>
        {
            var handleReader = new SpanReader(value, file, valueOffset);
            var handle = BlockHandle.Read(ref handleReader, "data block handle");
            if (handle.Offset < nextBlockStart)
            {
                throw new CheckpointFormatException(
                    $"data block at offset {handle.Offset} overlaps the previous data block, which ends at {nextBlockStart}", file, valueOffset);
            }
            var block = ReadBlock(handle, "data block");
            nextBlockStart = handle.Offset + handle.Size + TableFormat.BlockTrailerLength;
            block.ForEach(ref dataKeyBuffer, (dataKey, dataValue, dataValueOffset) =>
            {
                if (previousLength >= 0 && dataKey.SequenceCompareTo(previous.AsSpan(0, previousLength)) <= 0)
                {
                    throw new CheckpointFormatException(
                        "table keys are not strictly increasing", file, dataValueOffset, KeyText(dataKey));
                }
                if (dataKey.Length > previous.Length)
                {
                    previous = new byte[Math.Max(dataKey.Length, previous.Length * 2)];
                }
                dataKey.CopyTo(previous);
                previousLength = dataKey.Length;
                handler(dataKey, dataValue, dataValueOffset);
            });
        });
    }

    /// <summary>A key for messages: TensorFlow keys are UTF-8 names, slice keys are binary.</summary>
    internal static string KeyText(ReadOnlySpan<byte> key)
    {
        var hex = "0x" + BitConverter.ToString(key.ToArray()).Replace("-", string.Empty).ToLowerInvariant();
        foreach (var b in key)
        {
            if (b < 0x20)
            {
                return hex;
            }
        }
        try
        {
            return StrictUtf8.GetString(key.ToArray());
        }
        catch (System.Text.DecoderFallbackException)
        {
            return hex;
        }
    }

    private Block ReadBlock(BlockHandle handle, string what)
    {
        var limit = (ulong)(_data.Length - TableFormat.FooterLength);
        if (handle.Offset > limit || handle.Size > limit - handle.Offset
            || TableFormat.BlockTrailerLength > limit - handle.Offset - handle.Size)
        {
            throw new CheckpointFormatException(
                $"{what} handle (offset {handle.Offset}, size {handle.Size}) points outside the {limit} bytes before the footer",
                _file, (long)Math.Min(handle.Offset, long.MaxValue));
        }
        var offset = (int)handle.Offset;
        var size = (int)handle.Size;
        var contents = _data.AsMemory(offset, size);
        var type = _data[offset + size];
        var stored = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(offset + size + 1)));
        var actual = Crc32C.Compute(_data.AsSpan(offset, size + 1));
        if (stored != actual)
        {
            throw new CheckpointChecksumException(what, stored, actual, _file, offset);
        }
        return type switch
        {
            TableFormat.NoCompression => new Block(contents, _file, offset, compressed: false),
            TableFormat.SnappyCompression => new Block(Snappy.Decompress(contents.Span, _file, offset), _file, offset, compressed: true),
            _ => throw new CheckpointFormatException($"{what} has compression type {type}; only 0 (none) and 1 (snappy) exist", _file, offset + size),
        };
    }
}
