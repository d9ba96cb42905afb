using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>
/// Real TensorFlow checkpoints read and written again must come out byte for byte as
/// TensorFlow wrote them: the writer's layout, protos, table blocks and checksums are
/// TensorFlow's. TF1 Saver checkpoints store data in name order, which the writer produces
/// from tensors added in any order; TF2 object-based ones store it in object-graph order, which
/// is replayed by adding tensors in their stored order.
/// </summary>
public sealed class FixtureRoundTripTests
{
    public static TheoryData<string> Complete() => new(CompleteFixtures());

    public static TheoryData<string, bool> UncompressedByWay()
    {
        var data = new TheoryData<string, bool>();
        foreach (var fixture in UncompressedFixtures())
        {
            data.Add(fixture, false);
            data.Add(fixture, true);
        }
        return data;
    }

    [Fact]
    public void The_fixtures_cover_both_data_orders_several_shards_and_snappy_indexes()
    {
        var uncompressed = UncompressedFixtures().ToList();
        var compressed = CompleteFixtures().Except(uncompressed).ToList();

        Assert.Equal(13, uncompressed.Count);
        Assert.Equal(2, uncompressed.Count(p => ShardCount(p) == 2));
        Assert.Equal(2, uncompressed.Count(p => !StoredInNameOrder(p)));
        Assert.Equal(
            new[] { "serving-saved_model_half_plus_two_cpu/00000123/variables/variables", "serving-saved_model_half_plus_two_tf2_cpu/00000123/variables/variables" },
            compressed.OrderBy(p => p, StringComparer.Ordinal));
    }

    /// <summary>Values read and written again, or stored bytes copied as they are.</summary>
    [Theory]
    [MemberData(nameof(UncompressedByWay))]
    public void Rewriting_reproduces_TensorFlows_files(string fixture, bool copyStoredBytes)
    {
        using var temp = new TempDirectory();
        var output = temp["out/ckpt"];

        Rewrite(fixture, output, copyStoredBytes
            ? (writer, source, variable) => writer.CopyFrom(source, variable.Name, shard: Shard(source, variable))
            : (writer, source, variable) => writer.Add(variable.Name, variable.Shape, ValuesOf(source, variable), Shard(source, variable)));

        AssertSameFiles(FixturePaths.Get(fixture), output, ShardCount(fixture));
    }

    /// <summary>TensorFlow compressed these indexes with Snappy; the writer does not compress, so only the blocks' encoding differs.</summary>
    [Theory]
    [MemberData(nameof(Complete))]
    public void Rewriting_reproduces_the_data_files_and_index_entries_of_every_complete_fixture(string fixture)
    {
        using var temp = new TempDirectory();
        var output = temp["ckpt"];
        var original = FixturePaths.Get(fixture);

        Rewrite(fixture, output, (writer, source, variable) => writer.Add(variable.Name, variable.Shape, ValuesOf(source, variable), Shard(source, variable)));

        var files = CheckpointFiles.Of(original, ShardCount(fixture)).Zip(CheckpointFiles.Of(output, ShardCount(fixture)));
        foreach (var (expected, actual) in files.Skip(1))
        {
            Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        }
        var expectedEntries = CheckpointFiles.Entries(original + ".index");
        var actualEntries = CheckpointFiles.Entries(output + ".index");
        Assert.Equal(expectedEntries.Select(e => Convert.ToHexString(e.Key)), actualEntries.Select(e => Convert.ToHexString(e.Key)));
        Assert.Equal(expectedEntries.Select(e => Convert.ToHexString(e.Value)), actualEntries.Select(e => Convert.ToHexString(e.Value)));
        Assert.All(CheckpointFiles.BlockTypes(output + ".index"), type => Assert.Equal(TableFormat.NoCompression, type));
    }

    private static void Rewrite(string fixture, string output, Action<CheckpointWriter, Checkpoint, CheckpointVariable> add)
    {
        var prefix = FixturePaths.Get(fixture);
        using var source = Checkpoint.Open(prefix, new CheckpointOpenOptions { LoadGraph = false });
        var inNameOrder = StoredInNameOrder(fixture);
        var options = new CheckpointWriterOptions
        {
            ShardCount = ShardCount(fixture),
            DataOrder = inNameOrder ? TensorDataOrder.ByName : TensorDataOrder.AsAdded,
        };
        // In name order the writer must do the sorting: it gets the tensors backwards.
        var variables = inNameOrder
            ? source.Variables.Reverse()
            : source.Variables.OrderBy(v => v.ShardId).ThenBy(v => v.Offset);
        using var writer = new CheckpointWriter(output, options);
        foreach (var variable in variables)
        {
            add(writer, source, variable);
        }
        writer.Commit();
    }

    private static TensorData ValuesOf(Checkpoint source, CheckpointVariable variable) =>
        variable.DataType == TensorDataType.String
            ? TensorData.FromStrings(source.ReadStrings(variable.Name))
            : TensorData.FromBytes(variable.DataType, source.ReadBytes(variable.Name));

    private static int? Shard(Checkpoint source, CheckpointVariable variable) =>
        source.Variables.Max(v => v.ShardId) > 0 ? variable.ShardId : null;

    private static void AssertSameFiles(string expectedPrefix, string actualPrefix, int shards)
    {
        foreach (var (expected, actual) in CheckpointFiles.Of(expectedPrefix, shards).Zip(CheckpointFiles.Of(actualPrefix, shards)))
        {
            Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{actual} differs from TensorFlow's {expected}");
        }
        Assert.Equal(shards + 1, Directory.GetFiles(Path.GetDirectoryName(actualPrefix)!).Length);
    }

    /// <summary>Checkpoints whose data files are all present (t5x and lingvo lack some).</summary>
    private static IEnumerable<string> CompleteFixtures() =>
        ExpectedListing.All().Where(l => CheckpointFiles.Of(l.Prefix, l.NumShards).All(File.Exists)).Select(Relative);

    /// <summary>The above whose index TensorFlow wrote with uncompressed blocks, as the writer does.</summary>
    private static IEnumerable<string> UncompressedFixtures() =>
        CompleteFixtures().Where(p => IsUncompressed(FixturePaths.Get(p)));

    private static bool IsUncompressed(string prefix) =>
        CheckpointFiles.BlockTypes(prefix + ".index").All(t => t == TableFormat.NoCompression);

    private static int ShardCount(string fixture) =>
        ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, fixture.Replace('/', '~') + ".tsv")).NumShards;

    /// <summary>Whether each data file holds its tensors in name order, as TF1's Saver writes them.</summary>
    private static bool StoredInNameOrder(string fixture)
    {
        using var source = Checkpoint.Open(FixturePaths.Get(fixture), new CheckpointOpenOptions { LoadGraph = false });
        return source.Variables.Where(v => !v.IsPartitioned).GroupBy(v => v.ShardId)
            .All(shard => shard.Select(v => v.Offset).SequenceEqual(shard.Select(v => v.Offset).OrderBy(o => o)));
    }

    private static string Relative(ExpectedListing listing) => listing.ToString().Replace(Path.DirectorySeparatorChar, '/');
}
