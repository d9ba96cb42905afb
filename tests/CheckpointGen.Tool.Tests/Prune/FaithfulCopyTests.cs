using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary><c>prune --keep All</c> without filters reproduces TensorFlow's files byte for byte, shards included.</summary>
public sealed class FaithfulCopyTests
{
    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/model", "tf2onnx-regression/checkpoint/model", 1)]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-10000", "tfx-taxi-estimator-5steps/model.ckpt-10000", 1)]
    [InlineData("serving-saved_model_counter/00000123", "serving-saved_model_counter/00000123/variables/variables", 1)]
    [InlineData("tfx-taxi-estimator-2shard/model.ckpt-10000", "tfx-taxi-estimator-2shard/model.ckpt-10000", 2)]
    public void Keep_all_copies_index_and_data_files_byte_for_byte(string input, string stored, int shards)
    {
        using var folder = new TempFolder();
        var source = FixturePaths.Get(stored);

        var (_, prefix) = PruneTestRun.Succeeding(folder, input, "copy", "--keep", "All");

        var expected = PruneTestRun.DataFiles(source, shards).Prepend(source + ".index").ToList();
        var actual = PruneTestRun.DataFiles(prefix, shards).Prepend(prefix + ".index").ToList();
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.True(File.ReadAllBytes(want).AsSpan().SequenceEqual(File.ReadAllBytes(got)), $"{got} differs from TensorFlow's {want}");
        }
    }

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/model")]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-10000")]
    [InlineData("tfx-taxi-estimator-2shard/model.ckpt-10000")]
    public void Keep_all_copies_the_meta_graph_unchanged(string fixture)
    {
        using var folder = new TempFolder();

        var (_, prefix) = PruneTestRun.Succeeding(folder, fixture, "copy", "--keep", "All");

        Assert.Equal(File.ReadAllBytes(FixturePaths.Get(fixture) + ".meta"), File.ReadAllBytes(prefix + ".meta"));
    }

    [Fact]
    public void Nothing_but_the_checkpoint_the_meta_graph_and_the_state_file_is_left()
    {
        using var folder = new TempFolder();

        PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-2shard/model.ckpt-10000", "copy", "--keep", "All");

        Assert.Equal(
            new[] { "checkpoint", "copy.data-00000-of-00002", "copy.data-00001-of-00002", "copy.index", "copy.meta" },
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
