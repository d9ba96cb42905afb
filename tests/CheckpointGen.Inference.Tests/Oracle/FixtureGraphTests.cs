using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Gemm;
using CheckpointGen.Inference.Tests.Reference;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Inference.Tests.Oracle;

/// <summary>
/// The oracle on the real frozen graphs in tests/fixtures, checked against forward passes computed
/// here from the graphs' own Const weights: if these hold, the oracle runs TensorFlow graphs right.
/// </summary>
public class FixtureGraphTests
{
    [Fact]
    public void Runs_the_fc_layers_graph_as_its_weights_compute()
    {
        var graph = FrozenGraph.Load(FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb"));
        const int batch = 3;
        float[] x = Tolerance.Random(batch * 784, 31);

        var outputs = TfjsOracle.Run(graph.Bytes, new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, batch, 784) }, "output");

        // X → Dense(256, relu) → Dropout → Dense(256, relu) → Dropout → Dense(10): dropout is Identity when frozen.
        // The same forward pass twice: naively, and with the kernels as generated code will run it.
        float[] h = x, k = x;
        int width = 784;
        foreach (var (layer, relu) in new[] { ("dense", true), ("dense_1", true), ("pred", false) })
        {
            float[] kernel = graph.Const($"{layer}/kernel"), bias = graph.Const($"{layer}/bias");
            int outWidth = bias.Length;
            Assert.Equal(new long[] { width, outWidth }, graph.ConstShape($"{layer}/kernel"));
            h = NaiveGemm.Multiply(h, kernel, batch, width, outWidth, false, false, bias);
            if (relu) h = h.Select(v => Math.Max(v, 0f)).ToArray();
            var next = new float[batch * outWidth];
            Gemm.Multiply(k, batch, PackedMatrix.Pack(kernel, width, outWidth), next, bias, relu ? Activation.Relu : Activation.None);
            k = next;
            width = outWidth;
        }
        Assert.Equal(new[] { batch, 10 }, outputs["output"].Shape);
        Tolerance.AssertClose(h, outputs["output"].Values, "fc-layers output, naive");
        Tolerance.AssertClose(outputs["output"].Values, k, "fc-layers output, kernels");
        Assert.Contains(h, v => Math.Abs(v) > 0.1f); // a graph of zeros would prove nothing
    }

    [Fact]
    public void Runs_the_regression_graph_as_its_weights_compute()
    {
        var graph = FrozenGraph.Load(FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb"));
        float w = graph.Const("W").Single(), b = graph.Const("b").Single();
        float[] x = [-2f, 0f, 0.5f, 3f, 10f];

        var outputs = TfjsOracle.Run(graph.Bytes, new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, x.Length) }, "pred");

        Assert.NotEqual(0f, w);
        Tolerance.AssertClose(x.Select(v => v * w + b).ToArray(), outputs["pred"].Values, "pred = X * W + b");
    }

    [Fact]
    public void Reports_a_graph_it_cannot_run()
    {
        var graph = new GraphDefBuilder().Placeholder("x", 2).Op("NoSuchOp", "y", ["x"]).ToBytes();
        var error = Assert.Throws<InvalidOperationException>(() =>
            TfjsOracle.Run(graph, new Dictionary<string, OracleTensor> { ["x"] = OracleTensor.Float([1f, 2f], 2) }, "y"));
        Assert.Contains("NoSuchOp", error.Message);
    }
}
