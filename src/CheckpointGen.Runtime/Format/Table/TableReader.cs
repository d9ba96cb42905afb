using System.Buffers;
using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Table;

/// <summary>Receives one table entry; the spans are valid only during the call.</summary>
internal delegate void TableEntryHandler(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long valueFileOffset);

/// <summary>
/// Reads a LevelDB-format table (a TensorBundle .index, or a V1 checkpoint) held in memory.
/// Every block's CRC is verified and every handle is checked against the file before use, so
/// a corrupt or hostile file fails with an offset instead of reading out of bounds. A table
/// opened from a file holds it in a pooled buffer until disposed: opening indexes one after
/// another then allocates nothing for their bytes.
/// </summary>
internal sealed class TableReader : IDisposable
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The largest byte array .NET allocates (Array.MaxLength, which netstandard2.0 lacks).</summary>
    private const int MaxArrayLength = 0x7FFFFFC7;

    private readonly string _file;
    private readonly int _length;
    private readonly bool _pooled;
    private byte[] _data;

    private TableReader(byte[] data, int length, bool pooled, string file, BlockHandle indexHandle)
    {
        _data = data;
        _length = length;
        _pooled = pooled;
        _file = file;
        IndexHandle = indexHandle;
    }

    /// <summary>The table's bytes; the size of the file bounds every allocation made from it.</summary>
    public static TableReader Open(string path)
    {
        var (data, length) = ReadFile(path);
        try
        {
            return Create(data, length, pooled: true, path);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(data);
            throw;
        }
    }

    public static TableReader FromBytes(byte[] data, string file) => Create(data, data.Length, pooled: false, file);

    public string FilePath => _file;

    /// <summary>Where the index block starts: the place to point at when the table holds no entries.</summary>
    public long IndexBlockOffset => (long)IndexHandle.Offset;

    internal BlockHandle IndexHandle { get; }

    /// <summary>Walks every entry of every data block, in key order, checking keys increase.</summary>
    public TableIterator GetIterator() => new(this);

    /// <summary>Visits every entry of every data block, in key order, checking keys increase.</summary>
    public void ForEach(TableEntryHandler handler)
    {
        var entries = GetIterator();
        while (entries.MoveNext())
        {
            handler(entries.Key, entries.Value, entries.ValueOffset);
        }
    }

    /// <summary>Gives the pooled buffer back; the reader and the spans it gave are unusable afterwards.</summary>
    public void Dispose()
    {
        if (_pooled && _data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
        }
        _data = Array.Empty<byte>();
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

    /// <summary>
    /// A block's contents after its CRC is checked: a slice of the file, or for a Snappy block
    /// its decompressed bytes in <paramref name="scratch"/>, which is reused and grown.
    /// </summary>
    internal ReadOnlySpan<byte> ReadBlock(BlockHandle handle, string what, scoped ref byte[]? scratch, out bool compressed)
    {
        var limit = (ulong)(_length - TableFormat.FooterLength);
        if (handle.Offset > limit || handle.Size > limit - handle.Offset
            || TableFormat.BlockTrailerLength > limit - handle.Offset - handle.Size)
        {
            throw new CheckpointFormatException(
                $"{what} handle (offset {handle.Offset}, size {handle.Size}) points outside the {limit} bytes before the footer",
                _file, (long)Math.Min(handle.Offset, long.MaxValue));
        }
        var offset = (int)handle.Offset;
        var size = (int)handle.Size;
        var contents = _data.AsSpan(offset, size);
        var type = _data[offset + size];
        var stored = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(offset + size + 1)));
        var actual = Crc32C.Compute(_data.AsSpan(offset, size + 1));
        if (stored != actual)
        {
            throw new CheckpointChecksumException(what, stored, actual, _file, offset);
        }
        switch (type)
        {
            case TableFormat.NoCompression:
                compressed = false;
                return contents;
            case TableFormat.SnappyCompression:
                compressed = true;
                return Snappy.Decompress(contents, ref scratch, _file, offset);
            default:
                throw new CheckpointFormatException($"{what} has compression type {type}; only 0 (none) and 1 (snappy) exist", _file, offset + size);
        }
    }

    private static TableReader Create(byte[] data, int length, bool pooled, string file)
    {
        if (length < TableFormat.FooterLength)
        {
            throw new CheckpointFormatException(
                $"file is {length} bytes, shorter than the {TableFormat.FooterLength}-byte table footer", file, 0);
        }
        var footerStart = length - TableFormat.FooterLength;
        var magic = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(length - 8));
        if (magic != TableFormat.Magic)
        {
            throw new CheckpointFormatException(
                $"not a table: footer magic is 0x{magic:x16}, expected 0x{TableFormat.Magic:x16}", file, length - 8);
        }
        var reader = new SpanReader(data.AsSpan(footerStart, 2 * BlockHandle.MaxEncodedLength), file, footerStart);
        BlockHandle.Read(ref reader, "metaindex handle");
        var index = BlockHandle.Read(ref reader, "index handle");
        return new TableReader(data, length, pooled, file, index);
    }

    /// <summary>The whole file in a buffer rented from the shared pool, and its length.</summary>
    private static (byte[] Data, int Length) ReadFile(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointNotFoundException("file not found", path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new CheckpointNotFoundException("file not found", path);
        }
        using (stream)
        {
            var length = stream.Length;
            if (length > MaxArrayLength)
            {
                throw new CheckpointFormatException($"file is {length} bytes, more than a table reader holds in memory", path, null);
            }
            var data = ArrayPool<byte>.Shared.Rent((int)length);
            var read = 0;
            try
            {
                for (int n; read < length && (n = stream.Read(data, read, (int)length - read)) > 0;)
                {
                    read += n;
                }
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(data);
                throw;
            }
            return (data, read);
        }
    }
}
