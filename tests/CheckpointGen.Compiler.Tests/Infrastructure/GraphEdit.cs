using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>Nodes the oracle's <see cref="GraphDefBuilder"/> has no helper for (integer ops, ops without <c>T</c>), added to its graph.</summary>
internal static class GraphEdit
{
    public static GraphDef Parse(GraphDefBuilder builder) => GraphDef.Parser.ParseFrom(builder.ToBytes());

    public static GraphDef Node(this GraphDef graph, string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        graph.Node.Add(node);
        return graph;
    }

    public static byte[] Bytes(this GraphDef graph) => graph.ToByteArray();

    /// <summary>A Placeholder of any dtype; -1 is an unknown dimension.</summary>
    public static GraphDef Placeholder(this GraphDef graph, string name, DataType dtype, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return graph.Node(name, "Placeholder", [], ("dtype", new AttrValue { Type = dtype }), ("shape", new AttrValue { Shape = shape }));
    }
}
