using System.Runtime.InteropServices;
using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>
/// Synthetic GraphDefs with a function library, as TensorFlow 2 serializes control flow: While and
/// If nodes naming their condition, body and branch functions, function bodies referring to
/// tensors as <c>node:output_arg:index</c>. The same bytes go to the planner and to TensorFlow.js.
/// </summary>
internal sealed class LibraryGraph
{
    public const DataType F = DataType.DtFloat, I = DataType.DtInt32, B = DataType.DtBool;

    public GraphDef Graph { get; } = new() { Library = new FunctionDefLibrary(), Versions = new VersionDef { Producer = 1087 } };

    public LibraryGraph Placeholder(string name, DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return Add(Node(name, "Placeholder", [], ("dtype", Type(type)), ("shape", new AttrValue { Shape = shape })));
    }

    public LibraryGraph Const(string name, float[] values, params long[] dims) => Add(ConstNode(name, values, dims));

    public LibraryGraph Const(string name, int[] values, params long[] dims) => Add(ConstNode(name, values, dims));

    public LibraryGraph Add(NodeDef node)
    {
        Graph.Node.Add(node);
        return this;
    }

    /// <summary>A function written whole (list arguments, attributes).</summary>
    public LibraryGraph Add(FunctionDef function)
    {
        Graph.Library.Function.Add(function);
        return this;
    }

    /// <summary>A function of typed arguments and results; <paramref name="rets"/> maps each result to a body tensor or an argument.</summary>
    public LibraryGraph Function(string name, (string Name, DataType Type)[] inputs, (string Name, DataType Type)[] outputs, NodeDef[] body, params string[] rets)
    {
        var signature = new OpDef { Name = name };
        signature.InputArg.AddRange(inputs.Select(i => new OpDef.Types.ArgDef { Name = i.Name, Type = i.Type }));
        signature.OutputArg.AddRange(outputs.Select(o => new OpDef.Types.ArgDef { Name = o.Name, Type = o.Type }));
        var function = new FunctionDef { Signature = signature };
        function.NodeDef.AddRange(body);
        for (var i = 0; i < rets.Length; i++)
        {
            function.Ret[outputs[i].Name] = rets[i];
        }
        Graph.Library.Function.Add(function);
        return this;
    }

    /// <summary>A While (or StatelessWhile) node over <paramref name="inputs"/> of <paramref name="types"/>.</summary>
    public static NodeDef While(string name, string cond, string body, string[] inputs, DataType[] types, string op = "StatelessWhile") =>
        Node(name, op, inputs, ("T", Types(types)), ("cond", Func(cond)), ("body", Func(body)), ("parallel_iterations", new AttrValue { I = 10 }));

    /// <summary>An If (or StatelessIf) node: the predicate, then the arguments both branches take.</summary>
    public static NodeDef If(string name, string thenBranch, string elseBranch, string predicate, string[] inputs, DataType[] inTypes, DataType[] outTypes, string op = "StatelessIf") =>
        Node(name, op, [predicate, .. inputs], ("Tcond", Type(B)), ("Tin", Types(inTypes)), ("Tout", Types(outTypes)), ("then_branch", Func(thenBranch)), ("else_branch", Func(elseBranch)));

    /// <summary>A StatelessCase node: the branch index, then the arguments every branch takes.</summary>
    public static NodeDef Case(string name, string[] branches, string index, string[] inputs, DataType[] inTypes, DataType[] outTypes)
    {
        var list = new AttrValue.Types.ListValue();
        list.Func.AddRange(branches.Select(b => new NameAttrList { Name = b }));
        return Node(name, "StatelessCase", [index, .. inputs], ("Tin", Types(inTypes)), ("Tout", Types(outTypes)), ("branches", new AttrValue { List = list }));
    }

    /// <summary>A node with attribute <c>T</c> of <paramref name="t"/>.</summary>
    public static NodeDef Op(string name, string op, DataType t, params string[] inputs) => Node(name, op, inputs, ("T", Type(t)));

    public static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        return node;
    }

    public static NodeDef ConstNode(string name, float[] values, params long[] dims) => ConstNode(name, F, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public static NodeDef ConstNode(string name, int[] values, params long[] dims) => ConstNode(name, I, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public static NodeDef BoolConst(string name, bool value) => ConstNode(name, B, [(byte)(value ? 1 : 0)], []);

    public static AttrValue Type(DataType type) => new() { Type = type };

    public byte[] Bytes() => Graph.ToByteArray();

    public string Write(string folder)
    {
        var path = Path.Combine(folder, "graph.pb");
        File.WriteAllBytes(path, Bytes());
        return path;
    }

    private static NodeDef ConstNode(string name, DataType type, byte[] content, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        var tensor = new TensorProto { Dtype = type, TensorShape = shape, TensorContent = ByteString.CopyFrom(content) };
        return Node(name, "Const", [], ("dtype", Type(type)), ("value", new AttrValue { Tensor = tensor }));
    }

    private static AttrValue Func(string name) => new() { Func = new NameAttrList { Name = name } };

    private static AttrValue Types(DataType[] types)
    {
        var list = new AttrValue.Types.ListValue();
        list.Type.AddRange(types);
        return new AttrValue { List = list };
    }
}
