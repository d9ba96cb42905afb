using Google.Protobuf;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>How a model file holds its graph: a bare GraphDef, a meta graph beside a checkpoint, or a SavedModel.</summary>
internal enum GraphContainer
{
    GraphDef,
    MetaGraph,
    SavedModel,
}

/// <summary>
/// A valid model the graph fuzzer mutates: its files (by path relative to the item's folder), the
/// one holding the graph, and the item metadata a build gives it (no Outputs: a SavedModel's signatures).
/// </summary>
internal sealed record GraphSeed(string Name, Func<IReadOnlyDictionary<string, byte[]>> Files, string GraphFile, GraphContainer Container, string Item, string Outputs, string Inputs)
{
    /// <summary>Real fixture models of each container, and synthetic graphs (a CNN, data movement, a function library, a loop, a branch) for the ops no fixture has.</summary>
    public static IReadOnlyList<GraphSeed> All { get; } =
    [
        Fixture("regression-frozen", "tf2onnx-regression/graphdef", "frozen.pb", GraphContainer.GraphDef, "frozen.pb", "pred", ""),
        Fixture("fc-layers-frozen", "tf2onnx-frozen-fc-layers", "frozen.pb", GraphContainer.GraphDef, "frozen.pb", "output", ""),
        Fixture("regression-meta", "tf2onnx-regression/checkpoint", "model.meta", GraphContainer.MetaGraph, "", "pred", "X"),
        Fixture("regression-saved-model", "tf2onnx-regression/saved_model", "saved_model.pb", GraphContainer.SavedModel, "", "pred", ""),
        Fixture("half-plus-two", "serving-saved_model_half_plus_two_cpu/00000123", "saved_model.pb", GraphContainer.SavedModel, "", "", ""),
        new("cnn", () => new Dictionary<string, byte[]> { ["cnn.pb"] = Cnn() }, "cnn.pb", GraphContainer.GraphDef, "cnn.pb", "y", ""),
        new("layout", () => new Dictionary<string, byte[]> { ["layout.pb"] = Layout() }, "layout.pb", GraphContainer.GraphDef, "layout.pb", "y", ""),
        // A function library: nested calls, attributes, several outputs, control outputs (the inliner's input).
        new("functions", () => new Dictionary<string, byte[]> { ["functions.pb"] = Functions.FunctionInlinerTests.NestedGraph().ToByteArray() }, "functions.pb", GraphContainer.GraphDef, "functions.pb", "call:0;call:1", ""),
        // Control flow: a counted While loop carrying a tensor, and an If on a run-time predicate.
        new("loop", () => new Dictionary<string, byte[]> { ["loop.pb"] = ControlFlow.ControlFlowGraphs.Recurrent().Bytes() }, "loop.pb", GraphContainer.GraphDef, "loop.pb", "loop:2;loop:0", "x"),
        new("branch", () => new Dictionary<string, byte[]> { ["branch.pb"] = ControlFlow.ControlFlowGraphs.Branch().Bytes() }, "branch.pb", GraphContainer.GraphDef, "branch.pb", "cond:0;cond:1", "x;p"),
    ];

    public override string ToString() => Name;

    private static GraphSeed Fixture(string name, string folder, string graphFile, GraphContainer container, string item, string outputs, string inputs) =>
        new(name, () => Read(FixturePaths.Get(folder)), graphFile, container, item, outputs, inputs);

    private static Dictionary<string, byte[]> Read(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes, StringComparer.Ordinal);

    private static byte[] Cnn()
    {
        var random = new Random(17);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        return new GraphDefBuilder().Placeholder("x", -1, 6, 6, 2)
            .Const("f", Values(3 * 3 * 2 * 4), 3, 3, 2, 4)
            .Op("Conv2D", "c", ["x", "f"], ("strides", Ints(1, 1, 1, 1)), ("padding", String("SAME")))
            .Const("b", Values(4), 4).Op("BiasAdd", "cb", ["c", "b"]).Op("Relu", "r", ["cb"])
            .Op("MaxPool", "p", ["r"], ("ksize", Ints(1, 2, 2, 1)), ("strides", Ints(1, 2, 2, 1)), ("padding", String("VALID")))
            .Const("shape", [-1, 36], 2).Op("Reshape", "flat", ["p", "shape"])
            .Const("w", Values(36 * 3), 36, 3).Op("MatMul", "m", ["flat", "w"], ("transpose_a", Bool(false)), ("transpose_b", Bool(false)))
            .Const("axis", [1], 1).Op("Mean", "mean", ["m", "axis"], ("keep_dims", Bool(true))).Op("Sub", "centered", ["m", "mean"])
            .Op("Softmax", "y", ["centered"]).ToBytes();
    }

    private static byte[] Layout() =>
        new GraphDefBuilder().Placeholder("x", -1, 4, 6).Const("perm", [0, 2, 1], 3).Op("Transpose", "t", ["x", "perm"])
            .Const("b", [0, 1, 3], 3).Const("e", [0, 5, 0], 3).Const("s", [1, 2, -1], 3)
            .Op("StridedSlice", "ss", ["t", "b", "e", "s"], ("begin_mask", Int(1)), ("end_mask", Int(1)), ("new_axis_mask", Int(0)), ("shrink_axis_mask", Int(0)))
            .Const("p", [0, 0, 1, 1, 2, 0], 3, 2).Op("MirrorPad", "mp", ["ss", "p"], ("mode", String("SYMMETRIC")))
            .Const("m", [1, 1, 2], 3).Op("Tile", "ti", ["mp", "m"]).Const("axis", [2])
            .Op("Split", "sp", ["axis", "ti"], ("num_split", Int(2))).Op("Mul", "y", ["sp:1", "sp"]).ToBytes();
}
