using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>The real fixture models, compiled and run through their generated methods, against TensorFlow.js on the same graphs.</summary>
public class FixtureModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Fc_layers_frozen_graph_predicts_as_tensorflow(int batch)
    {
        var path = FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb");
        using var model = CompiledModel.Build(path, outputs: "output");
        var x = Close.Random(batch * 784, 7);

        var actual = model.Run(batch, x)[0];

        var expected = TfjsOracle.Run(File.ReadAllBytes(path), new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, batch, 784) }, "output")["output"];
        Assert.Equal(new[] { batch, 10 }, expected.Shape);
        Close.Assert(expected.Values, actual, "output");
        // The whole forward pass is three fused GEMMs: bias and ReLU in the epilogue, dropout's Identity aliased away.
        Assert.Equal(3, model.Plan.Programs[0].Steps.Count);
        Assert.All(model.Plan.Programs[0].Steps, s => Assert.Equal("MatMul", s.Kernel));
    }

    [Fact]
    public void Regression_frozen_graph_predicts_as_tensorflow()
    {
        var path = FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb");
        using var model = CompiledModel.Build(path, outputs: "pred");
        float[] x = [-2f, 0f, 0.5f, 3f, 10f];

        var actual = model.Run(x.Length, x)[0];

        var expected = TfjsOracle.Run(File.ReadAllBytes(path), new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, x.Length) }, "pred")["pred"];
        Close.Assert(expected.Values, actual, "pred");
    }

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/")]
    [InlineData("tf2onnx-regression/saved_model")]
    public void Regression_checkpoint_with_its_graph_predicts_as_its_frozen_graph_in_tensorflow(string item)
    {
        using var model = CompiledModel.Build(FixturePaths.Get(item), outputs: "pred", inputs: "X");
        float[] x = [-1.5f, 0.25f, 4f];

        var actual = model.Run(x.Length, x)[0];

        // The oracle runs the graph with the checkpoint's values as constants (what freeze writes for TensorFlow).
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(item));
        var frozenPath = Path.Combine(Directory.CreateTempSubdirectory("cg-frozen-").FullName, "frozen.pb");
        CheckpointFreezer.Freeze(checkpoint, ["pred"]).WriteTo(frozenPath);
        var frozen = File.ReadAllBytes(frozenPath);
        Directory.Delete(Path.GetDirectoryName(frozenPath)!, recursive: true);
        var expected = TfjsOracle.Run(frozen, new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, x.Length) }, "pred")["pred"];
        Close.Assert(expected.Values, actual, "pred");
        Assert.Contains(model.Plan.Tensors, t => t.Key == "W");
    }
}
