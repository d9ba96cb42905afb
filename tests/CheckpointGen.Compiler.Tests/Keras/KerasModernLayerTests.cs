using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Keras;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// The layers and activations of modern models (gelu, swish, mish, hard_sigmoid, softsign, exponential, ReLU with
/// max_value/threshold, the merge layers, Rescaling, Normalization, LayerNormalization by both of Keras's paths)
/// in synthetic Keras SavedModels: the generated ServingDefault equals TensorFlow.js by the graph route and, where
/// tfjs-layers has the layer and its options, by the Keras route.
/// </summary>
public sealed class KerasModernLayerTests : IDisposable
{
    private const int Batch = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("cg-keras-modern-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Models both routes check.</summary>
    public static TheoryData<string> BothRoutes => new() { "activations", "merges", "rescaling-layer-norm-moments" };

    /// <summary>
    /// Models only the graph route checks: tfjs-layers has no Subtract, Normalization or EinsumDense layer nor the exponential activation,
    /// ignores ReLU's threshold and runs "gelu" exactly (Keras records only the name of the approximate form).
    /// </summary>
    public static TheoryData<string> GraphRouteOnly => new() { "gelu-approximate-relu-threshold-exponential", "subtract-normalization", "einsum-dense" };

    /// <summary>
    /// Models only the Keras route checks: tfjs-converter has no Softsign op, and its FusedBatchNorm ignores is_training
    /// (it normalizes by the given, empty, moments: NaN), so LayerNormalization's fused form is checked against
    /// tfjs-layers' LayerNormalization.
    /// </summary>
    public static TheoryData<string> KerasRouteOnly => new() { "softsign", "layer-norm-fused" };

    internal static (KerasModelBuilder Model, Func<int, float[]> Input) Build(string name)
    {
        KerasModelBuilder m;
        switch (name)
        {
            case "activations":
                m = new KerasModelBuilder("features", [6], seed: 21);
                foreach (var activation in new[] { "gelu", "swish", "mish", "hard_sigmoid" })
                {
                    m.Dense(7);
                    m.Activation(activation);
                }
                m.Dense(6);
                m.ReLU(maxValue: 0.25f);
                m.Dense(5);
                m.ReLU(maxValue: 6);
                break;
            case "gelu-approximate-relu-threshold-exponential":
                m = new KerasModelBuilder("features", [6], seed: 22);
                m.Dense(7);
                m.Activation("gelu", approximate: true);
                m.Dense(6);
                m.ReLU(threshold: 0.1f);
                m.Dense(5);
                m.ReLU(maxValue: 0.3f, threshold: -0.2f);
                m.Dense(4);
                m.Activation("exponential");
                break;
            case "softsign":
                m = new KerasModelBuilder("features", [6], seed: 23);
                m.Dense(5);
                m.Activation("softsign");
                break;
            case "merges":
                m = new KerasModelBuilder("features", [6], seed: 24);
                var input = m.Input;
                var a = m.Dense(5, from: input);
                var b = m.Dense(5, "tanh", from: input);
                var c = m.Dense(5, "sigmoid", from: input);
                m.Concatenate(m.Multiply(a, b, c), m.Maximum(a, b, c), m.Minimum(a, c), m.Average(a, b, c), m.Dot(a, b), m.Dot(b, c, normalize: true));
                break;
            case "subtract-normalization":
                m = new KerasModelBuilder("features", [4, 3], seed: 25);
                m.Normalization([0.5f, -1f, 2f], [4f, 0.25f, 1e-16f]);
                m.Flatten();
                var left = m.Dense(3);
                var right = m.Dense(3, "relu");
                m.Subtract(left, right);
                break;
            case "rescaling-layer-norm-moments":
                m = new KerasModelBuilder("image", [4, 6], seed: 26);
                m.Rescaling(1f / 16, -0.5f);
                m.LayerNormalization([2], epsilon: 1e-6f);
                m.LayerNormalization([1, 2], epsilon: 1e-6f);
                m.LayerNormalization([1], epsilon: 1e-3f);
                m.Flatten();
                m.Dense(3);
                break;
            case "einsum-dense":
                m = new KerasModelBuilder("tokens", [3, 4], seed: 28);
                m.EinsumDense("abc,cd->abd", [4, 5], [3, 5], bias: [5]);
                m.EinsumDense("abc,cde->abde", [5, 2, 3], [3, 2, 3], bias: [2, 3]);
                m.EinsumDense("abcd,cde->abe", [2, 3, 4], [3, 4]);
                m.Flatten();
                m.Dense(2);
                break;
            case "layer-norm-fused":
                m = new KerasModelBuilder("tokens", [3, 4, 5], seed: 27);
                m.LayerNormalization([3]);
                m.LayerNormalization([2, 3], epsilon: 0.01f);
                m.Flatten();
                m.Dense(6);
                m.LayerNormalization([1]);
                m.Dense(4);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
        var count = m.InputShape.Aggregate(1, (p, d) => p * (int)d);
        return (m, batch => Close.Random(batch * count, name.Length).Select(v => v * 2).ToArray());
    }

    [Theory]
    [MemberData(nameof(BothRoutes))]
    [MemberData(nameof(GraphRouteOnly))]
    public void Serving_default_equals_tensorflow_by_the_graph_route(string name)
    {
        var (model, input, actual) = Predict(name);

        var inputs = new Dictionary<string, OracleTensor> { ["serving_default_" + model.Input] = OracleTensor.Float(input, [Batch, .. model.InputShape.Select(d => (int)d)]) };
        var variables = model.Variables.ToDictionary(v => v.Key, v => (v.Value.Values, v.Value.Shape));
        var expected = TfjsOracle.RunSavedModel(Path.Combine(_folder, "saved_model.pb"), variables, inputs, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        Assert.Equal([Batch, .. model.OutputShape.Select(d => (int)d)], expected.Shape);
        Close.Assert(expected.Values, actual, name);
    }

    [Theory]
    [MemberData(nameof(BothRoutes))]
    [MemberData(nameof(KerasRouteOnly))]
    public void Serving_default_equals_tensorflow_by_the_keras_route(string name)
    {
        var (model, input, actual) = Predict(name);

        var expected = TfjsOracle.RunKeras(_folder, Tabledump(), OracleTensor.Float(input, [Batch, .. model.InputShape.Select(d => (int)d)]));

        Assert.Equal([Batch, .. model.OutputShape.Select(d => (int)d)], expected.Shape);
        Close.Assert(expected.Values, actual, name);
    }

    private (KerasModelBuilder Model, float[] Input, float[] Actual) Predict(string name)
    {
        var (model, input) = Build(name);
        model.Write(_folder);
        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");
        var x = input(Batch);
        return (model, x, compiled.Run(Batch, x)[0]);
    }

    private static string Tabledump()
    {
        var tool = TableDump.TryGetPath(out var problem);
        Assert.True(tool is not null, "The Keras route reads the index with LevelDB: " + problem);
        return tool!;
    }
}

/// <summary>What the fused LayerNormalization support does not take is a build error naming the node.</summary>
public sealed class LayerNormFusedErrorTests
{
    [Fact]
    public void Batch_statistics_of_an_image_batch_are_an_error_naming_the_node()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 4, 3).Const("s", [1f, 1f, 1f], 3).Const("o", [0f, 0f, 0f], 3).Const("empty", Array.Empty<float>(), 0)
            .Op("FusedBatchNormV3", "bn", ["x", "s", "o", "empty", "empty"], ("U", Type(DataType.DtFloat)),
                ("is_training", Bool(true)), ("data_format", String("NHWC")));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-ln-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.ToBytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "bn", "x"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("node 'bn' (FusedBatchNormV3) normalizes [?, 4, 4, 3] with batch statistics (is_training = true)", error.Message);
    }

    [Fact]
    public void A_batch_multiple_reshape_read_by_another_op_is_an_error_naming_it()
    {
        var shape = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 6).Const("one", [1]).Const("six", [6]).Const("begin", [0], 1).Const("end", [1], 1).Const("stride", [1], 1))
            .Node("shape", "Shape", ["x"], ("T", Type(DataType.DtFloat)))
            .Node("batch", "StridedSlice", ["shape", "begin", "end", "stride"], ("T", Type(DataType.DtInt32)), ("Index", Type(DataType.DtInt32)), ("shrink_axis_mask", Int(1)))
            .Node("rows", "Mul", ["one", "batch"], ("T", Type(DataType.DtInt32)))
            .Node("squeezed", "Pack", ["one", "rows", "six", "one"], ("T", Type(DataType.DtInt32)), ("N", Int(4)))
            .Node("r", "Reshape", ["x", "squeezed"], ("T", Type(DataType.DtFloat)))
            .Node("y", "Relu", ["r"], ("T", Type(DataType.DtFloat)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-ln-").FullName, "graph.pb");
        File.WriteAllBytes(path, shape.Bytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "y", "x"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("node 'y' (Relu) reads a [1, batch·N, C, 1] reshape", error.Message);
    }
}
