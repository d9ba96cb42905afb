using CheckpointGen.Runtime.Format.Table;

namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>What tests compare checkpoints by: their files' bytes and their index entries.</summary>
internal static class CheckpointFiles
{
    /// <summary>The index and data file names of a prefix, in a fixed order.</summary>
    public static string[] Of(string prefix, int shards) =>
        new[] { prefix + ".index" }.Concat(Enumerable.Range(0, shards).Select(i => $"{prefix}.data-{i:D5}-of-{shards:D5}")).ToArray();

    /// <summary>Every (key, value) of a table as LevelDB-format readers see it, blocks decompressed.</summary>
    public static List<(byte[] Key, byte[] Value)> Entries(string tablePath)
    {
        var entries = new List<(byte[], byte[])>();
        TableReader.Open(tablePath).ForEach((key, value, _) => entries.Add((key.ToArray(), value.ToArray())));
        return entries;
    }

    /// <summary>The compression type byte of every block an index's index block points at, and of the index block.</summary>
    public static IEnumerable<byte> BlockTypes(string tablePath)
    {
        var data = File.ReadAllBytes(tablePath);
        var footer = data.AsSpan(data.Length - TableFormat.FooterLength);
        var position = 0;
        ReadVarint(footer, ref position);
        ReadVarint(footer, ref position);
        var indexOffset = (int)ReadVarint(footer, ref position);
        var indexSize = (int)ReadVarint(footer, ref position);
        var types = new List<byte> { data[indexOffset + indexSize] };
        if (types[0] != TableFormat.NoCompression)
        {
            return types;
        }
        var block = data.AsSpan(indexOffset, indexSize);
        var restarts = BitConverter.ToInt32(block.Slice(block.Length - 4));
        var end = block.Length - 4 - (4 * restarts);
        for (var i = 0; i < end;)
        {
            ReadVarint(block, ref i);
            var keyLength = (int)ReadVarint(block, ref i);
            var valueLength = (int)ReadVarint(block, ref i);
            var value = block.Slice(i + keyLength, valueLength);
            i += keyLength + valueLength;
            var handle = 0;
            var offset = (int)ReadVarint(value, ref handle);
            var size = (int)ReadVarint(value, ref handle);
            types.Add(data[offset + size]);
        }
        return types;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
