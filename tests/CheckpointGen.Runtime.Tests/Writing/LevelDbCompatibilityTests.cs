using System.Text;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>
/// Written indexes are valid LevelDB tables: Google's own table reader (eng/tools/tabledump)
/// opens them, verifies every block checksum and finds exactly the entries the writer put in.
/// </summary>
public sealed class LevelDbCompatibilityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LevelDB_reads_a_written_checkpoint_index_of_several_blocks()
    {
        var tool = RequireTool();
        if (tool is null)
        {
            return;
        }
        var prefix = _temp["ckpt"];
        using (var writer = new CheckpointWriter(prefix, new CheckpointWriterOptions { ShardCount = 3 }))
        {
            for (var i = 0; i < 5000; i++)
            {
                writer.Add($"{i:D5}/" + new string('v', 100), TensorShape.Create(1), TensorData.FromValues(new[] { (float)i }), shard: i % 3);
            }
            writer.AddSlice("partitioned", TensorShape.Create(4, 2), new TensorSlice(new[] { new SliceExtent(0, 1), SliceExtent.Full }), TensorData.FromValues(new[] { 1L, 2L }), shard: 2);
            writer.AddSlice("partitioned", TensorShape.Create(4, 2), new TensorSlice(new[] { new SliceExtent(1, 3), SliceExtent.Full }), TensorData.FromValues(new long[6]));
            writer.Add("strings", TensorShape.Create(2), TensorData.FromStrings(new[] { new byte[200], "s"u8.ToArray() }));
            writer.Commit();
        }

        var leveldb = TableDump.Read(tool, prefix + ".index");

        Assert.Equal(5000 + 1 + 2 + 1 + 1, leveldb.Count);
        Assert.Empty(leveldb[0].Key);
        Assert.Equal(Hex(CheckpointFiles.Entries(prefix + ".index")), Hex(leveldb));
        Assert.True(CheckpointFiles.BlockTypes(prefix + ".index").Count() > 3, "the index should hold several data blocks");
    }

    [Fact]
    public void LevelDB_reads_tables_cut_into_many_small_blocks()
    {
        var tool = RequireTool();
        if (tool is null)
        {
            return;
        }
        var entries = TableBuilderTests.TableEntries(700);
        var path = _temp["table"];
        File.WriteAllBytes(path, TableBuilderTests.Build(entries, blockSize: 200));

        var leveldb = TableDump.Read(tool, path);

        Assert.Equal(entries, leveldb.Select(e => (Encoding.Latin1.GetString(e.Key), Encoding.Latin1.GetString(e.Value))));
    }

    private static string? RequireTool()
    {
        var tool = TableDump.TryGetPath(out var problem);
        if (tool is null && !TableDump.AbsenceAllowed)
        {
            Assert.Fail($"LevelDB's tabledump is needed to check written tables: {problem}. Set TABLEDUMP to a built tabledump, install g++ and libleveldb-dev, or set CHECKPOINTGEN_ALLOW_NO_TABLEDUMP=1 to accept skipping this check.");
        }
        return tool;
    }

    private static IEnumerable<string> Hex(IEnumerable<(byte[] Key, byte[] Value)> entries) =>
        entries.Select(e => Convert.ToHexString(e.Key) + "=" + Convert.ToHexString(e.Value));
}
