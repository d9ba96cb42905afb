using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Tests;
using Google.Protobuf;

namespace CheckpointGen.Tool.Tests.Freeze;

/// <summary><c>freeze</c>: TensorFlow's own frozen graph reproduced, SavedModels frozen by signature, TF2 SavedModels frozen through their functions.</summary>
public sealed class FreezeCommandTests
{
    [Fact]
    public void Freezing_the_regression_checkpoint_gives_tensorflows_frozen_graph()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "frozen.pb");
        var expected = GraphDef.Parser.ParseFrom(File.ReadAllBytes(FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb")));

        var run = ToolRun.InProcess("freeze", FixturePaths.Get("tf2onnx-regression/checkpoint"), "--outputs", "pred", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var frozen = GraphDef.Parser.ParseFrom(File.ReadAllBytes(output));
        Assert.Equal(Essentials(expected), Essentials(frozen));
        Assert.StartsWith($"Wrote {output}: 8 nodes", run.Out);
        Assert.Equal(new[] { output }, Directory.GetFiles(folder.Path));
    }

    /// <summary>Each node's name, op and inputs, and for a Const its dtype and value, by name: what freezing must reproduce.</summary>
    private static List<string> Essentials(GraphDef graph) => graph.Node
        .OrderBy(n => n.Name, StringComparer.Ordinal)
        .Select(n => $"{n.Name} = {n.Op}({string.Join(", ", n.Input)})" + (n.Op == "Const" ? $" {n.Attr["dtype"]} {n.Attr["value"].Tensor}" : string.Empty))
        .ToList();

    [Theory]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123", null, "y:0", new[] { "a", "b" })]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123", "regress_x2_to_y3", "y3:0", new[] { "a2", "c2" })]
    [InlineData("tf2onnx-regression/saved_model", null, "pred:0", new[] { "W", "b" })]
    public void Tf1_saved_models_freeze_by_signature_with_the_checkpoint_values(string fixture, string? signature, string output, string[] variables)
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "frozen.pb");
        var args = new List<string> { "freeze", FixturePaths.Get(fixture), "-o", target, "--json" };
        if (signature is not null)
        {
            args.AddRange(new[] { "--signature", signature });
        }

        var run = ToolRun.InProcess(args.ToArray());

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = run.Json();
        Assert.Equal(new[] { output }, json.RootElement.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
        var frozen = GraphDef.Parser.ParseFrom(File.ReadAllBytes(target));
        Assert.Contains(frozen.Node, n => n.Name == output.Split(':')[0]);
        Assert.DoesNotContain(frozen.Node, n => n.Op is "VariableV2" or "Assign" or "SaveV2" or "RestoreV2");
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(fixture));
        foreach (var name in variables)
        {
            var constant = frozen.Node.Single(n => n.Name == name);
            Assert.Equal("Const", constant.Op);
            var variable = checkpoint.GetVariable(name);
            Assert.Equal(checkpoint.ReadBytes(name), TensorProtoCodec.ToBytes(constant.Attr["value"].Tensor, variable.DataType, variable.ElementCount, "frozen.pb", name));
        }
        Assert.Equal(variables, frozen.Node.Where(n => n.Op == "Const" && variables.Contains(n.Name)).Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resource_variables_saved_under_other_keys_freeze_with_their_values()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "frozen.pb");
        var fixture = FixturePaths.Get("tfx-taxi-estimator-2shard/model.ckpt-10000");

        var run = ToolRun.InProcess("freeze", fixture, "--outputs", "head/predictions/logistic", "-o", target, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var frozen = GraphDef.Parser.ParseFrom(File.ReadAllBytes(target)).Node.ToDictionary(n => n.Name);
        Assert.DoesNotContain(frozen.Values, n => n.Op is "VarHandleOp" or "ReadVariableOp" or "VariableV2");
        using var json = run.Json();
        using var checkpoint = Checkpoint.Open(fixture);
        var variables = json.RootElement.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(20, variables.Count);
        foreach (var variable in variables)
        {
            var node = variable.GetProperty("node").GetString()!;
            var key = variable.GetProperty("key").GetString()!;
            // Estimators partition every variable into one part: dnn/logits/kernel/part_0 is saved as dnn/logits/kernel.
            Assert.Equal(key + "/part_0", node);
            var stored = checkpoint.GetVariable(key);
            Assert.Equal(checkpoint.ReadBytes(key), TensorProtoCodec.ToBytes(frozen[node].Attr["value"].Tensor, stored.DataType, stored.ElementCount, target, node));
        }
    }

    /// <summary>
    /// A TF2 SavedModel's signature calls functions that read captured variables: freezing inlines
    /// the calls and folds each captured variable, found through the object graph, into a Const
    /// holding the value stored under its object-path key.
    /// </summary>
    /// <remarks>The LSTM keeps its StatelessWhile loop: of the library, only the loop's body and condition remain.</remarks>
    [Theory]
    [InlineData("serving-saved_model_half_plus_two_tf2_cpu/00000123", "StatefulPartitionedCall_5:0", new[] { "a", "b" }, new string[0])]
    [InlineData("tfx-keras-savedmodel", "StatefulPartitionedCall:0", new[] { "layer_with_weights-0/kernel", "layer_with_weights-0/bias", "layer_with_weights-1/kernel", "layer_with_weights-1/bias", "layer_with_weights-2/kernel", "layer_with_weights-2/bias" }, new string[0])]
    [InlineData("tfnet-keras-lstm_from_sequential", "StatefulPartitionedCall:0", new[] { "variables/0", "variables/1", "variables/2", "layer_with_weights-1/kernel", "layer_with_weights-1/bias" }, new[] { "while_body_3549", "while_cond_3548" })]
    public void Tf2_saved_models_freeze_with_functions_inlined_and_captured_variables_folded(string fixture, string output, string[] objectPaths, string[] functions)
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "frozen.pb");

        var run = ToolRun.InProcess("freeze", FixturePaths.Get(fixture), "-o", target, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var frozen = GraphDef.Parser.ParseFrom(File.ReadAllBytes(target));
        Assert.DoesNotContain(frozen.Node, n => n.Op is "StatefulPartitionedCall" or "PartitionedCall" or "VarHandleOp" or "ReadVariableOp" or "SaveV2" or "RestoreV2");
        Assert.Equal(functions, frozen.Library?.Function.Select(f => f.Signature.Name).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>());
        Assert.DoesNotContain(frozen.Library?.Function.SelectMany(f => f.NodeDef) ?? [], n => n.Op is "VarHandleOp" or "ReadVariableOp");
        Assert.Contains(frozen.Node, n => n.Name == output.Split(':')[0] && n.Op == "IdentityN");
        using var json = run.Json();
        var variables = json.RootElement.GetProperty("variables").EnumerateArray()
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("node").GetString()!);
        Assert.Equal(objectPaths.Select(p => p + "/.ATTRIBUTES/VARIABLE_VALUE").Order(StringComparer.Ordinal), variables.Keys.Order(StringComparer.Ordinal));
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(fixture));
        foreach (var (key, node) in variables)
        {
            var constant = frozen.Node.Single(n => n.Name == node);
            Assert.Equal("Const", constant.Op);
            var stored = checkpoint.GetVariable(key);
            Assert.Equal(checkpoint.ReadBytes(key), TensorProtoCodec.ToBytes(constant.Attr["value"].Tensor, stored.DataType, stored.ElementCount, target, node));
        }
    }

    /// <summary>
    /// A function that reads a captured variable other than through ReadVariableOp (here: the
    /// half_plus_two function's read of 'a' made a ResourceGather) has no constant form: exit 4
    /// naming the op, never a graph frozen around it.
    /// </summary>
    [Fact]
    public void A_resource_used_other_than_by_ReadVariableOp_is_refused_naming_the_op()
    {
        using var folder = new TempFolder();
        var model = Path.Combine(folder.Path, "model");
        TempFolder.CopyFolder(FixturePaths.Get("serving-saved_model_half_plus_two_tf2_cpu/00000123"), model);
        var savedModel = SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(model, "saved_model.pb")));
        var predict = savedModel.MetaGraphs[0].GraphDef.Library.Function.Single(f => f.Signature.Name.StartsWith("__inference_predict_", StringComparison.Ordinal));
        predict.NodeDef.Single(n => n.Name == "Mul/ReadVariableOp").Op = "ResourceGather";
        File.WriteAllBytes(Path.Combine(model, "saved_model.pb"), savedModel.ToByteArray());
        var target = Path.Combine(folder.Path, "frozen.pb");

        var run = ToolRun.InProcess("freeze", model, "-o", target);

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        var error = Assert.Single(run.ErrorLines);
        Assert.Contains("(ResourceGather) uses the resource 'a' (VarHandleOp)", error);
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("--outputs", "pred2", "did you mean 'pred'")]
    [InlineData("--tags", "serve,gpu", "no meta graph tagged")]
    [InlineData("--signature", "predict", "no signature 'predict'")]
    public void What_cannot_be_frozen_is_a_negative_answer_naming_the_problem(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "frozen.pb");
        var input = option == "--outputs" ? "tf2onnx-regression/checkpoint" : "serving-saved_model_half_plus_two_cpu/00000123";

        var run = ToolRun.InProcess("freeze", FixturePaths.Get(input), option, value, "-o", target);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains(message, Assert.Single(run.ErrorLines));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_meta_graph_without_signatures_needs_outputs()
    {
        var run = ToolRun.InProcess("freeze", Fixtures.EstimatorPrefix, "-o", Path.Combine(Path.GetTempPath(), "never-written.pb"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--outputs is needed", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Outputs_and_signature_are_exclusive()
    {
        var run = ToolRun.InProcess("freeze", FixturePaths.Get("tf2onnx-regression/checkpoint"), "--outputs", "pred", "--signature", "x", "-o", "f.pb");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("cannot be used together", run.Error);
    }
}
