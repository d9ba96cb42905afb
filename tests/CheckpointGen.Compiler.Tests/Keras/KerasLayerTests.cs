using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Keras;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// Every Keras layer the issue lists, inside the function library of a synthetic Keras SavedModel
/// (signature → model function → one call function per layer, weights read through captured
/// handles): the generated ServingDefault equals TensorFlow.js by both oracle routes — the graph
/// route (the oracle's own inliner, then the graph ops) and the Keras route (tfjs-layers rebuilt from
/// keras_metadata.pb with the weights LevelDB lists).
/// </summary>
public sealed class KerasLayerTests : IDisposable
{
    private const int Batch = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("cg-keras-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Models => new(new[] { "dense-activations", "conv-geometry", "depthwise-pooling", "batch-norm-dropout-softmax", "reshape-concatenate-add", "embedding-resource-gather", "embedding-gather-on-read-value", "conv-benchmark", "conv-winograd-geometry" }
        .Concat(KerasConvolutionModels.BothRoutes));

    /// <summary>Models whose layers tfjs-layers does not run as Keras does.</summary>
    public static TheoryData<string> GraphRouteModels => new(KerasConvolutionModels.GraphRouteOnly);

    /// <summary>The synthetic models, each a few layers of one family; ids for the Embedding models are whole numbers below the vocabulary.</summary>
    internal static (KerasModelBuilder Model, Func<int, float[]> Input) Build(string name)
    {
        KerasModelBuilder m;
        switch (name)
        {
            case "dense-activations":
                m = new KerasModelBuilder("input_1", [6], seed: 1);
                foreach (var (units, activation) in new[] { (8, "relu"), (8, "tanh"), (8, "sigmoid"), (7, "elu"), (7, "selu"), (6, "softplus"), (5, "linear"), (4, "softmax") })
                {
                    m.Dense(units, activation);
                }
                break;
            case "conv-geometry":
                m = new KerasModelBuilder("image", [9, 9, 2], seed: 2);
                m.Conv2D(4, 3, stride: 2, padding: "same", activation: "relu");
                m.Conv2D(3, 2, padding: "valid", dilation: 2, activation: "tanh");
                m.Conv2D(3, 3, padding: "same");
                m.Flatten();
                m.Dense(3);
                break;
            case "depthwise-pooling":
                m = new KerasModelBuilder("image", [8, 8, 3], seed: 3);
                m.DepthwiseConv2D(3, multiplier: 2, padding: "same", activation: "relu");
                m.MaxPooling2D(2);
                m.AveragePooling2D(3, stride: 1, padding: "same");
                m.DepthwiseConv2D(2, stride: 2, padding: "valid");
                m.AveragePooling2D(2, padding: "valid");
                m.GlobalAveragePooling2D();
                m.Dense(2);
                break;
            case "batch-norm-dropout-softmax":
                m = new KerasModelBuilder("image", [6, 6, 3], seed: 4);
                m.Conv2D(4, 3, padding: "same");
                m.BatchNormalization(fused: true);
                m.MaxPooling2D(2, padding: "same");
                m.Flatten();
                m.Dense(8);
                m.BatchNormalization(fused: false);
                m.Dropout(0.5);
                m.Dense(3);
                m.Softmax();
                break;
            case "reshape-concatenate-add":
                m = new KerasModelBuilder("features", [12], seed: 5);
                m.Reshape([3, 4]);
                var flat = m.Flatten();
                var a = m.Dense(5, "relu", from: flat);
                var b = m.Dense(5, "tanh", from: flat);
                m.Concatenate(a, b);
                var c = m.Dense(5);
                m.AddLayers(c, a, b);
                break;
            case "embedding-resource-gather":
            case "embedding-gather-on-read-value":
                m = new KerasModelBuilder("tokens", [4], seed: 6);
                m.Embedding(10, 3, readFirst: name.EndsWith("read-value", StringComparison.Ordinal));
                m.Flatten();
                m.Dense(2, "sigmoid");
                return (m, batch => Close.Random(batch * 4, 7).Select(v => MathF.Floor((v + 1) * 5)).ToArray());
            case "conv-benchmark":
                // Its second convolution (32 → 64 channels, 11×11 out) runs as Winograd F(2×2, 3×3).
                m = KerasConvModel.Build();
                break;
            case "conv-winograd-geometry":
                // Winograd with SAME padding, an activation outside the clamp, channels not a whole vector, an odd and an even output size.
                m = new KerasModelBuilder("image", [9, 10, 16], seed: 12);
                m.Conv2D(17, 3, padding: "same", activation: "elu");
                m.Conv2D(16, 3, padding: "valid", activation: "relu");
                m.Flatten();
                m.Dense(3);
                break;
            default:
                m = KerasConvolutionModels.Build(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, null);
                break;
        }
        var count = m.InputShape.Aggregate(1, (p, d) => p * (int)d);
        return (m, batch => Close.Random(batch * count, name.Length));
    }

    [Theory]
    [MemberData(nameof(Models))]
    [MemberData(nameof(GraphRouteModels))]
    public void Serving_default_equals_tensorflow_by_the_graph_route(string name) => Predict(name).AssertGraphRoute(name);

    [Theory]
    [MemberData(nameof(Models))]
    public void Serving_default_equals_tensorflow_by_the_keras_route(string name) => Predict(name).AssertKerasRoute(name);

    /// <summary>Conv2D groups: TensorFlow.js has none, so the oracle runs the same weights through TensorFlow's definition (split, convolve, concatenate).</summary>
    [Fact]
    public void Grouped_convolution_equals_tensorflows_definition_by_the_graph_route()
    {
        var (model, _, input, _, actual) = Predict("grouped-conv");
        var definition = KerasConvolutionModels.Build("grouped-conv-definition")!;
        var folder = Path.Combine(_folder, "definition");
        definition.Write(folder);

        var inputs = new Dictionary<string, OracleTensor> { ["serving_default_" + model.Input] = OracleTensor.Float(input, [Batch, .. model.InputShape.Select(d => (int)d)]) };
        var variables = definition.Variables.ToDictionary(v => v.Key, v => (v.Value.Values, v.Value.Shape));
        var expected = TfjsOracle.RunSavedModel(Path.Combine(folder, "saved_model.pb"), variables, inputs, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        Assert.Equal(model.Variables.Keys, definition.Variables.Keys);
        Close.Assert(expected.Values, actual, "grouped-conv");
    }

    /// <summary>The generated class has ServingDefault taking the signature's input key and giving the output layer's key.</summary>
    [Fact]
    public void The_signature_is_a_method_named_after_it_with_the_keras_keys()
    {
        var (model, _) = Build("embedding-resource-gather");
        model.Write(_folder);

        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");

        Assert.Equal("serving_default", compiled.Program.SignatureKey);
        Assert.Equal("tokens", compiled.Program.Parameters[0].Key);
        Assert.Equal(ProgramKernels.Gather, compiled.Program.Steps[0].Kernel == ProgramKernels.Cast ? compiled.Program.Steps[1].Kernel : compiled.Program.Steps[0].Kernel);
    }

    /// <summary>The planner picks Winograd for the 3×3 stride-1 convolutions of 16 channels or more, the GEMM for the one-channel first layer.</summary>
    [Fact]
    public void Three_by_three_convolutions_of_enough_channels_run_as_winograd()
    {
        var (model, _) = Build("conv-benchmark");
        model.Write(_folder);

        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");

        var convolutions = compiled.Program.Steps.Select(s => s.Kernel).Where(k => k is ProgramKernels.Conv2D or ProgramKernels.WinogradConv2D);
        Assert.Equal([ProgramKernels.Conv2D, ProgramKernels.WinogradConv2D], convolutions);
    }

    /// <summary>An id beyond the vocabulary is TensorFlow's InvalidArgument on CPU: here an exception naming the lookup node, not a read of another row.</summary>
    [Fact]
    public void An_id_beyond_the_vocabulary_is_an_error_naming_the_lookup()
    {
        var (model, _) = Build("embedding-resource-gather");
        model.Write(_folder);
        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => compiled.Run(1, [1f, 2f, 10f, 3f]));

        Assert.Contains("embedding/StatefulPartitionedCall/embedding_lookup", error.Message);
        Assert.Contains("indices[2] = 10 is not in [0, 10)", error.Message);
    }

    private KerasRoutes Predict(string name)
    {
        var (model, input) = Build(name);
        return KerasRoutes.Predict(model, input, _folder, Batch);
    }
}
