using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Graph;

/// <summary><c>graph MODEL</c>: what a user needs to name Outputs and Inputs.</summary>
public sealed class GraphCommandTests
{
    [Fact]
    public void A_frozen_graph_lists_nodes_with_ops_and_shapes_and_its_output_as_unread()
    {
        var run = ToolRun.InProcess("graph", FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb"), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var root = run.Json().RootElement;
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);
        Assert.Equal("MatMul", nodes["model/dense/MatMul"].GetProperty("op").GetString());
        Assert.Equal("[784, 256]", nodes["dense/kernel"].GetProperty("shape").GetString());
        Assert.True(nodes["model/dense/MatMul"].GetProperty("compilable").GetBoolean());
        Assert.Equal(["output"], root.GetProperty("unread").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_savedmodel_lists_its_signatures_and_marks_ops_that_do_not_compile()
    {
        var run = ToolRun.InProcess("graph", FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Signature serving_default: x=x:0 [?, 1] → y=y:0 [?, 1]", run.Out);
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("✗ ", StringComparison.Ordinal) && l.Contains("SaveV2", StringComparison.Ordinal));
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("  ParseExample/ParseExample  ParseExample", StringComparison.Ordinal));
    }
}
