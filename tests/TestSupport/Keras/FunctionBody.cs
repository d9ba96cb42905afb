using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Tests.Keras;

/// <summary>
/// The nodes of one library function as TensorFlow serializes them: inputs are the function's
/// argument names or <c>node:output_arg:index</c> references, every op carries its type attributes.
/// </summary>
internal sealed class FunctionBody
{
    private readonly List<NodeDef> _nodes = new();

    public IReadOnlyList<NodeDef> Nodes => _nodes;

    /// <summary>Adds a node; returns the reference to its output argument <paramref name="output"/>, element 0.</summary>
    public string Add(string name, string op, string output, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes)
        {
            node.Attr[key] = value;
        }
        _nodes.Add(node);
        return $"{name}:{output}:0";
    }

    /// <summary>A float op (attribute <c>T</c>) whose output argument is <paramref name="output"/>.</summary>
    public string Float(string name, string op, string output, string[] inputs, params (string Name, AttrValue Value)[] attributes) =>
        Add(name, op, output, inputs, [("T", Type(DataType.DtFloat)), .. attributes]);

    public string Read(string name, string resource) => Add(name, "ReadVariableOp", "value", [resource], ("dtype", Type(DataType.DtFloat)));

    /// <summary>An int32 vector Const.</summary>
    public string Ints(string name, params int[] values) => Constant(name, DataType.DtInt32, values.SelectMany(BitConverter.GetBytes).ToArray(), [values.Length]);

    /// <summary>An int32 Const of shape <paramref name="dims"/> (paddings [rank, 2]).</summary>
    public string Ints(string name, long[] dims, params int[] values) => Constant(name, DataType.DtInt32, values.SelectMany(BitConverter.GetBytes).ToArray(), dims);

    /// <summary>An int32 scalar Const.</summary>
    public string Scalar(string name, int value) => Constant(name, DataType.DtInt32, BitConverter.GetBytes(value), []);

    /// <summary>A float32 scalar Const.</summary>
    public string Scalar(string name, float value) => Constant(name, DataType.DtFloat, BitConverter.GetBytes(value), []);

    private string Constant(string name, DataType dtype, byte[] content, long[] dims)
    {
        var tensor = new TensorProto { Dtype = dtype, TensorShape = Shape(dims), TensorContent = ByteString.CopyFrom(content) };
        return Add(name, "Const", "output", [], ("dtype", Type(dtype)), ("value", new AttrValue { Tensor = tensor }));
    }

    public static AttrValue Type(DataType type) => new() { Type = type };

    public static AttrValue Types(IEnumerable<DataType> types)
    {
        var list = new AttrValue.Types.ListValue();
        list.Type.AddRange(types);
        return new AttrValue { List = list };
    }

    public static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    public static AttrValue Text(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    public static TensorShapeProto Shape(IEnumerable<long> dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    /// <summary>Functions this body's nodes call or loop over (a recurrent layer's implementation, its loop's condition and body), for the library.</summary>
    public List<FunctionDef> Library { get; } = new();

    /// <summary>The function: arguments (name, dtype), one output <c>identity</c> returning <paramref name="result"/> through an Identity, as Keras's traced functions end.</summary>
    public FunctionDef ToFunction(string name, IEnumerable<(string Name, DataType Type)> arguments, string result)
    {
        var identity = Add("Identity", "Identity", "output", [result], ("T", Type(DataType.DtFloat)));
        return ToFunction(name, arguments, [("identity", DataType.DtFloat, identity)]);
    }

    /// <summary>The function: arguments and outputs (name, dtype, the reference each returns) as given; <paramref name="attributes"/> on the FunctionDef.</summary>
    public FunctionDef ToFunction(string name, IEnumerable<(string Name, DataType Type)> arguments, IEnumerable<(string Name, DataType Type, string Value)> outputs, params (string Name, AttrValue Value)[] attributes)
    {
        var signature = new OpDef { Name = name };
        signature.InputArg.AddRange(arguments.Select(a => new OpDef.Types.ArgDef { Name = a.Name, Type = a.Type }));
        var function = new FunctionDef { Signature = signature };
        foreach (var (output, type, value) in outputs)
        {
            signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = output, Type = type });
            function.Ret[output] = value;
        }
        foreach (var (key, value) in attributes)
        {
            function.Attr[key] = value;
        }
        function.NodeDef.AddRange(_nodes);
        return function;
    }
}
