using System.Runtime.InteropServices;
using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Tests.Oracle;

/// <summary>
/// Writes synthetic GraphDefs for the oracle: placeholders, Consts and single ops with their
/// attributes, as TensorFlow would serialize them. Built on the project's protos/ messages, which
/// the consuming test project compiles.
/// </summary>
internal sealed class GraphDefBuilder
{
    private readonly GraphDef graph = new() { Versions = new VersionDef { Producer = 1087 } };

    /// <summary>A float Placeholder; -1 is an unknown dimension.</summary>
    public GraphDefBuilder Placeholder(string name, params long[] shape) =>
        Add(name, "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", new AttrValue { Shape = Shape(shape) }));

    public GraphDefBuilder Const(string name, float[] values, params long[] shape) =>
        AddConst(name, DataType.DtFloat, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    public GraphDefBuilder Const(string name, int[] values, params long[] shape) =>
        AddConst(name, DataType.DtInt32, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    /// <summary>A float op (attribute <c>T</c> set) with the given attributes.</summary>
    public GraphDefBuilder Op(string op, string name, string[] inputs, params (string Name, AttrValue Value)[] attributes) =>
        Add(name, op, inputs, [("T", Type(DataType.DtFloat)), .. attributes]);

    public byte[] ToBytes() => graph.ToByteArray();

    public static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    public static AttrValue String(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    public static AttrValue Bool(bool value) => new() { B = value };

    public static AttrValue Float(float value) => new() { F = value };

    public static AttrValue Int(long value) => new() { I = value };

    public static AttrValue Type(DataType type) => new() { Type = type };

    private GraphDefBuilder AddConst(string name, DataType dtype, ReadOnlySpan<byte> content, long[] shape)
    {
        var tensor = new TensorProto { Dtype = dtype, TensorShape = Shape(shape), TensorContent = ByteString.CopyFrom(content) };
        return Add(name, "Const", [], ("dtype", Type(dtype)), ("value", new AttrValue { Tensor = tensor }));
    }

    private GraphDefBuilder Add(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        graph.Node.Add(node);
        return this;
    }

    private static TensorShapeProto Shape(long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return shape;
    }
}
