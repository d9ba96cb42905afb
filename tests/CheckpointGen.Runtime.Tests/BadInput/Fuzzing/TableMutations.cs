using System.Buffers.Binary;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// Mutations that know the table format: edit, drop, repeat or reorder decoded entries and
/// re-encode the table (so the edit survives the block checksums), or repair the block
/// checksums after a byte-level edit so the damage reaches the block and entry parsers.
/// </summary>
internal static class TableMutations
{
    /// <summary>The table re-encoded with one entry-level edit; null when the bytes are not a readable table.</summary>
    public static byte[]? EditEntries(Random random, byte[] table, bool v1, IReadOnlyList<byte[]> others, out string description)
    {
        var entries = TryDecode(table);
        if (entries is null || entries.Count == 0)
        {
            description = string.Empty;
            return null;
        }
        var i = random.Next(entries.Count);
        var name = TableReader.KeyText(entries[i].Key);
        switch (random.Next(6))
        {
            case 0:
            case 1:
                var edited = ProtoEdits.Edit(random, entries[i].Key, entries[i].Value, v1, out var what);
                if (edited is null)
                {
                    goto default;
                }
                entries[i] = entries[i] with { Value = edited };
                description = $"entry '{name}': {what}";
                break;
            case 2:
                entries[i] = entries[i] with { Key = ByteMutations.Apply(random, entries[i].Key, others, out var keyEdit) };
                description = $"entry '{name}' key: {keyEdit}";
                break;
            case 3:
                entries.RemoveAt(i);
                description = $"entry '{name}' dropped";
                break;
            case 4:
                entries.Insert(i, entries[random.Next(entries.Count)]);
                description = $"an entry repeated before '{name}'";
                break;
            default:
                entries[i] = entries[i] with { Value = ByteMutations.Apply(random, entries[i].Value, others, out var valueEdit) };
                description = $"entry '{name}' value: {valueEdit}";
                break;
        }
        var snappy = random.Next(2) == 0;
        var perBlock = 1 + random.Next(16);
        description += $"; table re-encoded ({(snappy ? "snappy" : "uncompressed")}, {perBlock} entries per block)";
        return TableBuilder.FromEntries(entries, snappy, perBlock).Build();
    }

    /// <summary>
    /// Rewrites the trailer CRC of every block the footer and index still point at, where they
    /// point inside the file. Best effort: stops where the structure no longer parses.
    /// </summary>
    public static void RepairChecksums(byte[] table)
    {
        if (table.Length < TableFormat.FooterLength)
        {
            return;
        }
        try
        {
            var footer = new SpanReader(table.AsSpan(table.Length - TableFormat.FooterLength, 2 * BlockHandle.MaxEncodedLength), "mutant", 0);
            Repair(table, BlockHandle.Read(ref footer, "metaindex"));
            var index = BlockHandle.Read(ref footer, "index");
            if (!Repair(table, index))
            {
                return;
            }
            var contents = table.AsSpan((int)index.Offset, (int)index.Size);
            var compressed = table[(int)(index.Offset + index.Size)] == TableFormat.SnappyCompression;
            byte[]? scratch = null;
            var block = new BlockIterator(compressed ? Snappy.Decompress(contents, ref scratch, "mutant", 0) : contents, "mutant", (long)index.Offset, compressed, new byte[64], -1);
            while (block.MoveNext())
            {
                var reader = new SpanReader(block.Value, "mutant", 0);
                Repair(table, BlockHandle.Read(ref reader, "data"));
            }
        }
        catch (Exception)
        {
            // The structure broke where the mutation hit; what was repaired stays repaired. Any
            // exception, not only CheckpointFormatException: a reader bug is for the contract
            // run to report, and must not stop the mutator.
        }
    }

    private static List<TableEntry>? TryDecode(byte[] table)
    {
        try
        {
            var entries = new List<TableEntry>();
            TableReader.FromBytes(table, "seed").ForEach((key, value, _) => entries.Add(new TableEntry(key.ToArray(), value.ToArray())));
            return entries;
        }
        catch (Exception)
        {
            // Not a readable table (or a reader bug, which the contract run reports).
            return null;
        }
    }

    private static bool Repair(byte[] table, BlockHandle handle)
    {
        var limit = (ulong)(table.Length - TableFormat.FooterLength);
        if (handle.Offset > limit || handle.Size > limit - handle.Offset || TableFormat.BlockTrailerLength > limit - handle.Offset - handle.Size)
        {
            return false;
        }
        var end = (int)(handle.Offset + handle.Size);
        var crc = Crc32C.Compute(table.AsSpan((int)handle.Offset, (int)handle.Size + 1));
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(end + 1), Crc32C.Mask(crc));
        return true;
    }
}
