using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Generators.Tests.Infrastructure;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Snapshots;

/// <summary>
/// The generated inference code of synthetic graphs, as committed snapshots: a review of every
/// change to what users compile. The fixtures' classes (the frozen fc-layers graph, the SavedModels,
/// the Keras LSTM) are the generator's snapshots (Generators.Tests' GeneratedCodeSnapshotTests).
/// </summary>
public class InferenceClassSnapshotTests
{
    [Fact]
    public void Small_cnn_with_literals_slots_and_two_outputs()
    {
        var graph = new GraphDefBuilder().Placeholder("image", -1, 6, 6, 1).Const("f", Close.Random(3 * 3 * 1 * 2, 1), 3, 3, 1, 2).Const("b", [0.5f, -0.25f], 2)
            .Op("Conv2D", "conv", ["image", "f"], ("strides", Ints(1, 1, 1, 1)), ("padding", String("SAME")))
            .Op("BiasAdd", "bias", ["conv", "b"]).Op("Relu", "relu", ["bias"])
            .Op("MaxPool", "pool", ["relu"], ("ksize", Ints(1, 2, 2, 1)), ("strides", Ints(1, 2, 2, 1)), ("padding", String("VALID")))
            .Const("shape", [-1, 18], 2).Op("Reshape", "flat", ["pool", "shape"])
            .Op("Softmax", "probs", ["flat"]).Op("LogSoftmax", "logprobs", ["flat"]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-snapshot-").FullName, "cnn.pb");
        File.WriteAllBytes(path, graph.ToBytes());

        using var model = CompiledModel.Build(path, outputs: "probs;logprobs");

        Snapshot.Match(model.Source);
    }

    [Fact]
    public void Data_movement_maps_and_a_general_broadcast()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 3, 4).Placeholder("g", -1, 1, 3)
            .Const("perm", [0, 2, 1], 3).Op("Transpose", "t", ["x", "perm"], ("Tperm", Type(Protos.DataType.DtInt32)))
            .Op("Mul", "gated", ["t", "g"])
            .Const("p", [0, 0, 1, 1, 0, 2], 3, 2).Op("MirrorPad", "y", ["gated", "p"], ("Tpaddings", Type(Protos.DataType.DtInt32)), ("mode", String("SYMMETRIC")));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-snapshot-").FullName, "layout.pb");
        File.WriteAllBytes(path, graph.ToBytes());

        using var model = CompiledModel.Build(path, outputs: "y", inputs: "x;g");

        Snapshot.Match(model.Source);
    }

    [Fact]
    public void Classifier_with_int32_input_and_int64_bool_outputs()
    {
        // Typed parameters, results, literals and slots: int32 in, a computed matrix product, ArgMax and a comparison out.
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("w", Close.Random(4 * 3, 2), 4, 3).Const("axis", [1]).Const("threshold", [0.5f]))
            .Placeholder("features", Protos.DataType.DtInt32, -1, 4)
            .Placeholder("mix", Protos.DataType.DtFloat, 3, 3)
            .Node("x", "Cast", ["features"], ("SrcT", Type(Protos.DataType.DtInt32)), ("DstT", Type(Protos.DataType.DtFloat)))
            .Node("h", "MatMul", ["x", "w"], ("T", Type(Protos.DataType.DtFloat)))
            .Node("logits", "MatMul", ["h", "mix"], ("T", Type(Protos.DataType.DtFloat)))
            .Node("label", "ArgMax", ["logits", "axis"], ("T", Type(Protos.DataType.DtFloat)), ("Tidx", Type(Protos.DataType.DtInt32)))
            .Node("confident", "Greater", ["logits", "threshold"], ("T", Type(Protos.DataType.DtFloat)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-snapshot-").FullName, "classifier.pb");
        File.WriteAllBytes(path, graph.Bytes());

        using var model = CompiledModel.Build(path, outputs: "label;confident", inputs: "features;mix");

        Snapshot.Match(model.Source);
    }

    [Fact]
    public void Serialized_examples_parsed_into_dense_features()
    {
        // A string parameter of serialized tf.Examples, a required float feature, an int64 feature with a default, a float one with a default.
        using var model = ExampleParsing.ParseExampleTests.Build("ParseExampleV2",
            [new("vec", "float32", [3]), new("ids", "int64", [2], [7, -9]), new("w", "float32", [1], [0.25])]);

        Snapshot.Match(model.Source);
    }
}
