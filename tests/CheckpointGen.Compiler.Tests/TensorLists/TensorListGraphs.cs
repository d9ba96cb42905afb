using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>TensorList nodes as TensorFlow serializes them (no <c>T</c>; element_dtype and shape_type), added to a synthetic graph.</summary>
internal static class TensorListGraphs
{
    private static readonly (string, AttrValue) FloatItems = ("element_dtype", Type(DataType.DtFloat));
    private static readonly (string, AttrValue) Int32Shapes = ("shape_type", Type(DataType.DtInt32));

    public static GraphDef IntConst(this GraphDef graph, string name, params int[] values) =>
        graph.Node(name, "Const", [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = IntTensor(values, values.Length == 1 ? [] : [values.Length]) }));

    /// <summary>An int32 Const of shape [n] even for one value (an element_shape).</summary>
    public static GraphDef ShapeConst(this GraphDef graph, string name, params int[] values) =>
        graph.Node(name, "Const", [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = IntTensor(values, [values.Length]) }));

    public static GraphDef Reserve(this GraphDef graph, string name, string elementShape, string count) =>
        graph.Node(name, "TensorListReserve", [elementShape, count], FloatItems, Int32Shapes);

    public static GraphDef FromTensor(this GraphDef graph, string name, string tensor, string elementShape) =>
        graph.Node(name, "TensorListFromTensor", [tensor, elementShape], FloatItems, Int32Shapes);

    public static GraphDef GetItem(this GraphDef graph, string name, string list, string index, string elementShape) =>
        graph.Node(name, "TensorListGetItem", [list, index, elementShape], FloatItems);

    public static GraphDef SetItem(this GraphDef graph, string name, string list, string index, string item) =>
        graph.Node(name, "TensorListSetItem", [list, index, item], FloatItems);

    public static GraphDef Stack(this GraphDef graph, string name, string list, string elementShape, int count = -1) =>
        graph.Node(name, "TensorListStack", [list, elementShape], FloatItems, ("num_elements", Int(count)));

    /// <summary>A TensorList op of element_dtype <paramref name="items"/> (float32 unless said), as TensorFlow writes it.</summary>
    public static GraphDef ListOp(this GraphDef graph, string op, string name, string[] inputs, DataType items = DataType.DtFloat, params (string, AttrValue)[] attributes) =>
        graph.Node(name, op, inputs, [("element_dtype", Type(items)), Int32Shapes, .. attributes]);

    /// <summary>An int64 Const of shape [n] (a split's lengths, a concat's leading dims).</summary>
    public static GraphDef LongConst(this GraphDef graph, string name, params long[] values)
    {
        var tensor = new TensorProto { Dtype = DataType.DtInt64, TensorShape = new TensorShapeProto() };
        tensor.TensorShape.Dim.Add(new TensorShapeProto.Types.Dim { Size = values.Length });
        tensor.Int64Val.AddRange(values);
        return graph.Node(name, "Const", [], ("dtype", Type(DataType.DtInt64)), ("value", new AttrValue { Tensor = tensor }));
    }

    public static GraphDef Cast(this GraphDef graph, string name, string x, DataType from, DataType to) =>
        graph.Node(name, "Cast", [x], ("SrcT", Type(from)), ("DstT", Type(to)));

    public static GraphDef Transpose(this GraphDef graph, string name, string x, string perm) =>
        graph.Node(name, "Transpose", [x, perm], ("T", Type(DataType.DtFloat)), ("Tperm", Type(DataType.DtInt32)));

    public static GraphDef Binary(this GraphDef graph, string op, string name, string a, string b) =>
        graph.Node(name, op, [a, b], ("T", Type(DataType.DtFloat)));

    /// <summary>x[index] along the first axis (StridedSlice with shrink_axis_mask 1), as Keras takes the last output.</summary>
    public static GraphDef TakeStep(this GraphDef graph, string name, string x, int index)
    {
        graph.ShapeConst(name + "/begin", index).ShapeConst(name + "/end", index == -1 ? 0 : index + 1).ShapeConst(name + "/strides", 1);
        return graph.Node(name, "StridedSlice", [x, name + "/begin", name + "/end", name + "/strides"],
            ("T", Type(DataType.DtFloat)), ("Index", Type(DataType.DtInt32)), ("shrink_axis_mask", Int(1)));
    }

    /// <summary>Writes the graph to a new temporary folder; returns the file's path.</summary>
    public static string WriteTemp(this GraphDef graph)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-tensorlist-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());
        return path;
    }

    private static TensorProto IntTensor(int[] values, long[] dims)
    {
        var tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto() };
        tensor.TensorShape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        tensor.IntVal.AddRange(values);
        return tensor;
    }
}
