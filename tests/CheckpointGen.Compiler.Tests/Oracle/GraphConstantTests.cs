using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests;
using Google.Protobuf;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>Graph constants larger than a literal in a checkpoint item, whose class holds only the checkpoint's tensors.</summary>
public class GraphConstantTests
{
    [Fact]
    public void A_large_graph_constant_of_a_checkpoint_item_is_printed_and_computes()
    {
        var folder = Directory.CreateTempSubdirectory("cg-const-").FullName;
        foreach (var file in Directory.GetFiles(FixturePaths.Get("tf2onnx-regression/checkpoint/")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var offsets = Close.Random(100, 201);
        var metaPath = Path.Combine(folder, "model.meta");
        var meta = MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(metaPath));
        AddNode(meta.GraphDef, "column_shape", "Const", [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = Ints([-1, 1]) }));
        AddNode(meta.GraphDef, "column", "Reshape", ["pred", "column_shape"], ("T", Type(DataType.DtFloat)), ("Tshape", Type(DataType.DtInt32)));
        AddNode(meta.GraphDef, "offsets", "Const", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = Floats(offsets, 1, 100) }));
        AddNode(meta.GraphDef, "out", "AddV2", ["column", "offsets"], ("T", Type(DataType.DtFloat)));
        File.WriteAllBytes(metaPath, meta.ToByteArray());
        float[] x = [-1.5f, 0.25f, 4f];

        using var predicted = CompiledModel.Build(folder, outputs: "pred", inputs: "X");
        using var model = CompiledModel.Build(folder, outputs: "out", inputs: "X");
        var pred = predicted.Run(x.Length, x)[0];
        var actual = model.Run(x.Length, x)[0];

        var expected = Enumerable.Range(0, x.Length * 100).Select(i => pred[i / 100] + offsets[i % 100]).ToArray();
        Close.Assert(expected, actual, "out");
        Assert.Contains(model.Program.Values, v => v.Kind == PlanValue.LiteralKind && v.RowLength == 100);
        Assert.Contains("Constants.Decode(", model.Source);
    }

    private static void AddNode(GraphDef graph, string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        graph.Node.Add(node);
    }

    private static TensorProto Ints(int[] values)
    {
        var tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = values.Length } } } };
        tensor.IntVal.AddRange(values);
        return tensor;
    }

    private static TensorProto Floats(float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto() };
        tensor.TensorShape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        tensor.FloatVal.AddRange(values);
        return tensor;
    }
}
