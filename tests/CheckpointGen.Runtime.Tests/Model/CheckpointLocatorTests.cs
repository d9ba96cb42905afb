using CheckpointGen.Runtime.Tests.Writing;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Model;

/// <summary>
/// Paths that are not a checkpoint prefix or folder: graph files, TensorFlow Serving model
/// folders, stale state files and mistyped paths each resolve, or fail with a message that says
/// what the path is and what to give instead.
/// </summary>
public sealed class CheckpointLocatorTests : IDisposable
{
    private const string HalfPlusTwo = "serving-saved_model_half_plus_two_cpu";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_frozen_graph_says_what_it_is_and_what_to_give_instead()
    {
        var path = FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb");

        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointLocator.Resolve(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(
            "this is a frozen TensorFlow graph (a GraphDef whose weights are constants) with 24 nodes, not a checkpoint: it holds no variables to read; "
            + "give the checkpoint it was frozen from (a prefix such as model.ckpt-1000, one of its files, or its folder) or a SavedModel folder",
            e.Reason);
    }

    [Fact]
    public void A_graph_with_variables_points_at_its_checkpoint()
    {
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointLocator.Resolve(FixturePaths.Get("tfx-taxi-estimator-2shard/graph.pbtxt")));

        Assert.StartsWith("this is a TensorFlow graph (GraphDef) with ", e.Reason);
        Assert.EndsWith("not a checkpoint: its variables' values are in a checkpoint; give that checkpoint's prefix (model.ckpt-1000), one of its files, or its folder", e.Reason);
    }

    [Fact]
    public void A_data_file_stands_for_its_prefix()
    {
        var prefix = FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-10000");

        var location = CheckpointLocator.Resolve(prefix + ".data-00000-of-00001");

        Assert.Equal(CheckpointFormat.V2, location.Format);
        Assert.Equal(prefix, location.Prefix);
    }

    [Fact]
    public void A_V1_shard_and_its_folder_find_the_shards_and_the_meta_graph()
    {
        var folder = FixturePaths.Get("serving-session_bundle_half_plus_two/00000123");
        var shard = Path.Combine(folder, "export-00000-of-00001");

        foreach (var location in new[] { CheckpointLocator.Resolve(shard), CheckpointLocator.Resolve(folder) })
        {
            Assert.Equal(CheckpointFormat.V1, location.Format);
            Assert.Equal(new[] { shard }, location.V1Files);
            Assert.Equal(Path.Combine(folder, "export.meta"), location.GraphPath);
        }
    }

    [Fact]
    public void A_file_whose_suffix_only_looks_like_a_shard_is_one_V1_file()
    {
        var v1 = FixturePaths.Get("serving-session_bundle_half_plus_two/00000123/export-00000-of-00001");
        var lookalike = _temp["export-0000x-of-00001"];
        File.Copy(v1, lookalike);

        var location = CheckpointLocator.Resolve(lookalike);

        Assert.Equal(CheckpointFormat.V1, location.Format);
        Assert.Equal(new[] { lookalike }, location.V1Files);
    }

    [Fact]
    public void A_SavedModel_graph_file_stands_for_its_folder()
    {
        var folder = FixturePaths.Get(HalfPlusTwo + "/00000123");

        var location = CheckpointLocator.Resolve(Path.Combine(folder, "saved_model.pb"));

        Assert.Equal(CheckpointSourceKind.SavedModel, location.Source);
        Assert.Equal(CheckpointLocator.Resolve(folder).Prefix, location.Prefix);
    }

    [Fact]
    public void A_TensorFlow_Serving_model_folder_takes_its_highest_version()
    {
        var model = _temp["half_plus_two"];
        CopyVersion(model, "9");
        CopyVersion(model, "00000123");
        CopyVersion(model, "12");
        Directory.CreateDirectory(Path.Combine(model, "99999", "empty"));
        Directory.CreateDirectory(Path.Combine(model, "tmp-200"));

        var location = CheckpointLocator.Resolve(model);

        Assert.Equal(CheckpointSourceKind.SavedModel, location.Source);
        Assert.Equal(Path.Combine(model, "00000123", "variables", "variables"), location.Prefix);
        Assert.Equal(Path.Combine(model, "00000123", "saved_model.pb"), location.GraphPath);
        Assert.Equal(model, location.RequestedPath);
    }

    [Fact]
    public void A_stale_state_file_names_what_it_looked_for_and_what_the_folder_holds()
    {
        var folder = _temp.Path;
        File.WriteAllText(Path.Combine(folder, "checkpoint"), "model_checkpoint_path: \"model.ckpt-5\"\n");
        foreach (var step in new[] { 3, 4 })
        {
            File.Copy(FixturePaths.Get("tf2onnx-regression/checkpoint/model.index"), Path.Combine(folder, $"model.ckpt-{step}.index"));
        }

        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(folder));

        Assert.Equal(Path.Combine(folder, "checkpoint"), e.FilePath);
        Assert.Equal(
            $"the state file names 'model.ckpt-5' as the latest checkpoint, but {Path.Combine(folder, "model.ckpt-5.index")} does not exist; checkpoints in the folder: model.ckpt-3, model.ckpt-4",
            e.Reason);
    }

    [Fact]
    public void A_state_file_without_a_latest_checkpoint_says_so()
    {
        File.WriteAllText(_temp["checkpoint"], "all_model_checkpoint_paths: \"model.ckpt-1\"\n");

        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(_temp.Path));

        Assert.Equal("the state file names no latest checkpoint (model_checkpoint_path is empty); the folder holds no checkpoint", e.Reason);
    }

    [Theory]
    [InlineData("tf2onnx-regresion/checkpoint", "tf2onnx-regression/checkpoint")]
    [InlineData("tf2onnx-regression/checkpoint/modle", "tf2onnx-regression/checkpoint/model")]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-1000", "tfx-taxi-estimator-5steps/model.ckpt-10000")]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-1000.index", "tfx-taxi-estimator-5steps/model.ckpt-10000")]
    public void A_mistyped_path_suggests_the_near_miss(string typed, string meant)
    {
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(FixturePaths.Get(typed)));

        Assert.EndsWith($"; did you mean '{FixturePaths.Get(meant)}'?", e.Reason);
    }

    [Fact]
    public void A_path_with_nothing_close_has_no_suggestion()
    {
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(FixturePaths.Get("completely-different/model")));

        Assert.DoesNotContain("did you mean", e.Reason, StringComparison.Ordinal);
    }

    private static void CopyVersion(string model, string version)
    {
        var source = FixturePaths.Get(HalfPlusTwo + "/00000123");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(model, version, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
