using CheckpointGen.Protos;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Freezing;

/// <summary>The public freezing facade: meta graph choice by tags and signature, what it reports, and what it refuses.</summary>
public sealed class CheckpointFreezerTests
{
    private static readonly string HalfPlusTwo = FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123");

    [Fact]
    public void Freezing_a_checkpoint_reports_its_variables_and_serializes_a_graph()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tf2onnx-regression/checkpoint/model"));

        var frozen = CheckpointFreezer.Freeze(checkpoint, new[] { "pred" });

        Assert.Equal(
            new[] { new FrozenVariable("W", "W", TensorDataType.Float, TensorShape.Scalar), new FrozenVariable("b", "b", TensorDataType.Float, TensorShape.Scalar) },
            frozen.Variables);
        Assert.Equal(8, frozen.NodeCount);
        Assert.Equal(8, GraphDef.Parser.ParseFrom(frozen.GraphDef.ToArray()).Node.Count);
        Assert.EndsWith("model.meta", frozen.SourcePath);
    }

    [Fact]
    public void A_signature_gives_the_outputs_and_tags_choose_the_meta_graph()
    {
        using var checkpoint = Checkpoint.Open(HalfPlusTwo);

        var byDefault = CheckpointFreezer.FreezeSignature(checkpoint);
        var tagged = CheckpointFreezer.FreezeSignature(checkpoint, "regress_x_to_y2", new FreezeOptions { Tags = new[] { "serve" } });

        Assert.Equal(new[] { "y:0" }, byDefault.Outputs);
        Assert.Equal(new[] { "a", "b" }, byDefault.Variables.Select(v => v.NodeName));
        Assert.Equal(new[] { "y2:0" }, tagged.Outputs);
        Assert.Equal(new[] { "a", "c" }, tagged.Variables.Select(v => v.NodeName));
    }

    [Fact]
    public void Tags_apply_only_to_saved_models()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tf2onnx-regression/checkpoint/model"));

        var error = Assert.Throws<FreezeException>(() => CheckpointFreezer.Freeze(checkpoint, new[] { "pred" }, new FreezeOptions { Tags = new[] { "serve" } }));

        Assert.Contains("not one", error.Message);
    }

    [Fact]
    public void Without_a_graph_there_is_nothing_to_freeze()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tf2onnx-regression/checkpoint/model"), new CheckpointOpenOptions { LoadGraph = false });

        var error = Assert.Throws<FreezeException>(() => CheckpointFreezer.Freeze(checkpoint, new[] { "pred" }));

        Assert.Contains("model.meta", error.Message);
    }

    [Fact]
    public void Writing_replaces_the_file_whole()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tf2onnx-regression/checkpoint/model"));
        var folder = Path.Combine(Path.GetTempPath(), "checkpointgen-freezer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "frozen.pb");
            File.WriteAllText(path, "an older, longer file that must not survive in part");
            var frozen = CheckpointFreezer.Freeze(checkpoint, new[] { "pred" });

            frozen.WriteTo(path);

            Assert.Equal(frozen.GraphDef.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
