using System.Buffers.Binary;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Format.Table;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>
/// Writes a LevelDB-format table from blocks given in order: each data block gets an index
/// entry keyed by its last key, then an empty metaindex block, the index block and the footer.
/// Nothing is validated, so tests can write tables the real writer never would.
/// </summary>
internal sealed class TableBuilder
{
    private readonly List<(byte[] Stored, byte Type, byte[] IndexKey)> _blocks = new();

    /// <summary>Where each data block landed in the last <see cref="Build"/>.</summary>
    public IReadOnlyList<BlockHandle> DataBlocks { get; private set; } = Array.Empty<BlockHandle>();

    /// <summary>Where the index block landed in the last <see cref="Build"/>.</summary>
    public BlockHandle IndexBlock { get; private set; }

    /// <summary>A table of <paramref name="entries"/>, in the order given, in blocks of <paramref name="entriesPerBlock"/>.</summary>
    public static TableBuilder FromEntries(IEnumerable<TableEntry> entries, bool snappy = false, int entriesPerBlock = int.MaxValue)
    {
        var builder = new TableBuilder();
        foreach (var chunk in entries.Chunk(entriesPerBlock))
        {
            builder.AddBlock(chunk, snappy);
        }
        return builder;
    }

    public TableBuilder AddBlock(IReadOnlyList<TableEntry> entries, bool snappy = false)
    {
        var contents = BlockEncoder.Encode(entries);
        var indexKey = entries.Count > 0 ? entries[^1].Key : (_blocks.Count > 0 ? _blocks[^1].IndexKey : Array.Empty<byte>());
        return snappy
            ? AddStoredBlock(SnappyLiterals.Compress(contents), TableFormat.SnappyCompression, indexKey)
            : AddStoredBlock(contents, TableFormat.NoCompression, indexKey);
    }

    /// <summary>A data block exactly as it is stored (compressed or not), with a valid trailer.</summary>
    public TableBuilder AddStoredBlock(byte[] stored, byte compressionType, byte[] indexKey)
    {
        _blocks.Add((stored, compressionType, indexKey));
        return this;
    }

    /// <param name="mapDataHandle">Rewrites the handle the index stores for each data block.</param>
    public byte[] Build(Func<int, BlockHandle, BlockHandle>? mapDataHandle = null)
    {
        using var stream = new MemoryStream();
        var handles = new List<BlockHandle>();
        var indexEntries = new List<TableEntry>();
        foreach (var (stored, type, indexKey) in _blocks)
        {
            var handle = WriteBlock(stream, stored, type);
            handles.Add(handle);
            var indexed = mapDataHandle?.Invoke(handles.Count - 1, handle) ?? handle;
            indexEntries.Add(new TableEntry(indexKey, EncodeHandle(indexed)));
        }
        var metaindex = WriteBlock(stream, BlockEncoder.Encode(Array.Empty<TableEntry>()), TableFormat.NoCompression);
        IndexBlock = WriteBlock(stream, BlockEncoder.Encode(indexEntries, restartInterval: 1), TableFormat.NoCompression);
        DataBlocks = handles;
        stream.Write(Footer(metaindex, IndexBlock));
        return stream.ToArray();
    }

    /// <summary>The 48-byte footer: both handles, zero padding, the magic.</summary>
    public static byte[] Footer(BlockHandle metaindex, BlockHandle index)
    {
        var footer = new byte[TableFormat.FooterLength];
        var handles = EncodeHandle(metaindex).Concat(EncodeHandle(index)).ToArray();
        handles.CopyTo(footer, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(footer.Length - 8), TableFormat.Magic);
        return footer;
    }

    public static byte[] EncodeHandle(BlockHandle handle) => Wire.Varint(handle.Offset).Concat(Wire.Varint(handle.Size)).ToArray();

    /// <summary>Appends the block and its trailer: type byte and masked CRC32C of block and type.</summary>
    private static BlockHandle WriteBlock(Stream stream, byte[] stored, byte type)
    {
        var handle = new BlockHandle((ulong)stream.Length, (ulong)stored.Length);
        stream.Write(stored);
        stream.WriteByte(type);
        Wire.WriteFixed32(stream, Crc32C.Mask(Crc32C.Append(Crc32C.Compute(stored), new[] { type })));
        return handle;
    }
}
