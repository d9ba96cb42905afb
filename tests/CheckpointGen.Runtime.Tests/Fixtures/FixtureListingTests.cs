using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Fixtures;

/// <summary>
/// Every real TensorFlow checkpoint in tests/fixtures against what an independent
/// LevelDB-based reader found in it: names, dtypes, shapes, locations, CRC status, values.
/// </summary>
public sealed class FixtureListingTests
{
    public static TheoryData<string> Listings() => new(ExpectedListing.All().Select(l => Path.GetFileName(l.Prefix) + "|" + l));

    private static ExpectedListing Find(string id) =>
        ExpectedListing.All().Single(l => Path.GetFileName(l.Prefix) + "|" + l == id);

    [Theory]
    [MemberData(nameof(Listings))]
    public void Index_matches_the_independent_reader(string id)
    {
        var expected = Find(id);
        using var checkpoint = Checkpoint.Open(expected.Prefix);

        Assert.Equal(CheckpointFormat.V2, checkpoint.Format);
        Assert.Equal(expected.Tensors.Select(t => t.Name), checkpoint.Variables.Select(v => v.Name));
        foreach (var (want, got) in expected.Tensors.Zip(checkpoint.Variables))
        {
            Assert.Equal(want.DType, TensorDataTypes.Name(got.DataType));
            Assert.Equal(want.Shape, got.Shape.ToArray());
            Assert.Equal(want.Shard, got.ShardId);
            Assert.Equal(want.Offset, got.Offset);
            Assert.Equal(want.Size, got.Size);
            Assert.Equal(want.Slices, got.Slices.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void Values_and_checksums_match_the_independent_reader(string id)
    {
        var expected = Find(id);
        using var checkpoint = Checkpoint.Open(expected.Prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        foreach (var want in expected.Tensors.Where(t => t.HasData))
        {
            Assert.Equal("crc_ok", want.CrcStatus);
            checkpoint.Verify(want.Name);
            if (want.Strings is { } count)
            {
                var strings = checkpoint.ReadStrings(want.Name);
                Assert.Equal(count, strings.Length);
                Assert.Equal(want.StringBytes, strings.Take(4).Select(s => (long)s.Length));
                continue;
            }
            var values = ToDoubles(checkpoint.ReadArray(want.Name));
            AssertClose(want.Sum!.Value, values.Sum(), want.Name + " sum");
            if (values.Length > 0)
            {
                AssertClose(want.Min!.Value, values.Min(), want.Name + " min");
                AssertClose(want.Max!.Value, values.Max(), want.Name + " max");
                for (var i = 0; i < want.First.Length; i++)
                {
                    AssertClose(want.First[i], values[i], $"{want.Name}[{i}]");
                }
            }
        }
    }

    [Fact]
    public void Reading_a_tensor_in_a_missing_shard_names_the_missing_file()
    {
        var prefix = FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0");
        using var checkpoint = Checkpoint.Open(prefix);
        var inMissingShard = checkpoint.Variables.First(v => v.ShardId == 1);

        var error = Assert.Throws<CheckpointNotFoundException>(() => checkpoint.ReadBytes(inMissingShard.Name));

        Assert.Equal(prefix + ".data-00001-of-00002", error.FilePath);
        Assert.Equal(inMissingShard.Name, error.TensorName);
        Assert.Contains("model.ckpt-0.data-00001-of-00002", error.Message);
    }

    [Fact]
    public void Index_only_checkpoint_lists_and_fails_reads_clearly()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("lingvo-lenet-indexonly/lenet_test_model.index"));

        Assert.Equal(23, checkpoint.Variables.Count);
        var error = Assert.Throws<CheckpointNotFoundException>(() => checkpoint.Read<float>("lenet5/fc/w/var"));
        Assert.EndsWith("lenet_test_model.data-00000-of-00001", error.FilePath);
    }

    private static double[] ToDoubles(Array array) => array switch
    {
        float[] f => f.Select(x => (double)x).ToArray(),
        double[] d => d,
        int[] i => i.Select(x => (double)x).ToArray(),
        long[] l => l.Select(x => (double)x).ToArray(),
        BFloat16[] b => b.Select(x => (double)(float)x).ToArray(),
        Half[] h => h.Select(x => (double)x).ToArray(),
        byte[] u8 => u8.Select(x => (double)x).ToArray(),
        bool[] bo => bo.Select(x => x ? 1.0 : 0.0).ToArray(),
        _ => throw new InvalidOperationException("no conversion for " + array.GetType()),
    };

    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");
    }
}
