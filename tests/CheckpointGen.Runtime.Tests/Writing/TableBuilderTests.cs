using System.Text;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Format.Writing;

namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>The LevelDB table layer of the writer, against LevelDB's rules and the project's table reader.</summary>
public sealed class TableBuilderTests
{
    [Theory]
    [InlineData("abc", "abf", "abd")]
    [InlineData("abc", "abd", "abc")]
    [InlineData("ab", "abc", "ab")]
    [InlineData("a", "c", "b")]
    [InlineData("helloworld", "hellozzz", "hellox")]
    [InlineData("", "a", "")]
    public void Separators_are_LevelDBs(string start, string limit, string expected) =>
        Assert.Equal(expected, Encoding.Latin1.GetString(BytewiseComparator.FindShortestSeparator(Encoding.Latin1.GetBytes(start), Encoding.Latin1.GetBytes(limit))));

    [Fact]
    public void A_separator_that_would_reach_the_limit_is_the_start_key()
    {
        Assert.Equal(new byte[] { 0x61, 0xff, 0x01 }, BytewiseComparator.FindShortestSeparator(new byte[] { 0x61, 0xff, 0x01 }, new byte[] { 0x62 }));
        Assert.Equal(new byte[] { 0xfe, 0xff }, BytewiseComparator.FindShortestSeparator(new byte[] { 0xfe, 0xff }, new byte[] { 0xff, 0x00 }));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0xff, 0xff, 0x10, 0x20 }, new byte[] { 0xff, 0xff, 0x11 })]
    [InlineData(new byte[] { 0xff, 0xff }, new byte[] { 0xff, 0xff })]
    [InlineData(new byte[0], new byte[0])]
    public void Successors_are_LevelDBs(byte[] key, byte[] expected) =>
        Assert.Equal(expected, BytewiseComparator.FindShortSuccessor(key));

    [Fact]
    public void A_small_block_size_cuts_many_blocks_that_read_back_in_order()
    {
        var entries = TableEntries(500);
        var bytes = Build(entries, blockSize: 300);

        Assert.True(BlockCount(bytes) > 20, "expected many data blocks");
        var read = new List<(string, string)>();
        TableReader.FromBytes(bytes, "test").ForEach((k, v, _) => read.Add((Encoding.Latin1.GetString(k), Encoding.Latin1.GetString(v))));
        Assert.Equal(entries, read);
    }

    [Fact]
    public void An_empty_table_is_the_two_empty_blocks_and_the_footer()
    {
        var bytes = Build(new List<(string, string)>(), TableFormat.DefaultBlockSize);

        // metaindex block (8 bytes + trailer), index block (8 + trailer), 48-byte footer.
        Assert.Equal(13 + 13 + 48, bytes.Length);
        Assert.Equal("57fb808b247547db", Convert.ToHexString(bytes[^8..]).ToLowerInvariant());
        var count = 0;
        TableReader.FromBytes(bytes, "empty").ForEach((_, _, _) => count++);
        Assert.Equal(0, count);
    }

    [Fact]
    public void Keys_out_of_order_are_refused()
    {
        var builder = new TableBuilder(new MemoryStream());
        builder.Add("b"u8, "1"u8);

        Assert.Throws<ArgumentException>(() => builder.Add("a"u8, "2"u8));
        Assert.Throws<ArgumentException>(() => builder.Add("b"u8, "2"u8));
    }

    /// <summary>Keys with shared prefixes, 0xff bytes and prefix relations between neighbours.</summary>
    internal static List<(string Key, string Value)> TableEntries(int count) =>
        Enumerable.Range(0, count)
            .SelectMany(i => new[] { $"k{i:D4}", $"k{i:D4}\u00ff", $"k{i:D4}\u00ff\u00ffx" })
            .Take(count)
            .Select((k, i) => (k, new string((char)('a' + (i % 26)), i % 40)))
            .ToList();

    internal static byte[] Build(List<(string Key, string Value)> entries, int blockSize)
    {
        using var stream = new MemoryStream();
        var builder = new TableBuilder(stream, blockSize);
        foreach (var (key, value) in entries)
        {
            builder.Add(Encoding.Latin1.GetBytes(key), Encoding.Latin1.GetBytes(value));
        }
        builder.Finish();
        return stream.ToArray();
    }

    private static int BlockCount(byte[] table)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, table);
            return CheckpointFiles.BlockTypes(path).Count() - 1;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
