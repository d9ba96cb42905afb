using System.Runtime.InteropServices;
using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Tests.Oracle;

/// <summary>
/// Frozen GraphDefs shaped as Keras' generic recurrent layers (standard_lstm, standard_gru with
/// reset_after) trace them, return_sequences off: x [batch, steps, features] transposed to
/// time-major and made a TensorList, a zero initial state filled to the batch, a StatelessWhile whose
/// body reads step `time` of the list and writes the new state to item 0 of a one-item list, then the
/// list stacked and its last item taken: <c>y</c> [batch, units]. The same bytes go to the planner
/// and to TensorFlow.js (which runs the library's loop functions itself).
/// </summary>
internal static class RecurrentGraphs
{
    private const DataType F = DataType.DtFloat, I = DataType.DtInt32, V = DataType.DtVariant;

    /// <summary>An LSTM: kernel [features, 4·units], recurrent [units, 4·units], bias [4·units]; gates i, f, c, o as Keras orders them.</summary>
    public static byte[] Lstm(int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias)
    {
        var graph = Common(steps, features, units, kernel, recurrent, bias, [4 * units], states: 2);
        graph.Library = new FunctionDefLibrary();
        string[] body =
        [
            "b/item = TensorListGetItem(inlist, time, elem_in:output:0)",
            "b/x = MatMul(b/item:item:0, kernel)",
            "b/h = MatMul(h, recurrent)",
            "b/sum = AddV2(b/x:product:0, b/h:product:0)",
            "b/z = BiasAdd(b/sum:z:0, bias)",
            "b/gates = Split4(b/z:output:0)",
            "b/i = Sigmoid(b/gates:output:0)",
            "b/f = Sigmoid(b/gates:output:1)",
            "b/fc = Mul(b/f:y:0, c)",
            "b/g = Tanh(b/gates:output:2)",
            "b/ig = Mul(b/i:y:0, b/g:y:0)",
            "b/c = AddV2(b/fc:z:0, b/ig:z:0)",
            "b/o = Sigmoid(b/gates:output:3)",
            "b/tc = Tanh(b/c:z:0)",
            "b/hnew = Mul(b/o:y:0, b/tc:y:0)",
        ];
        graph.Library.Function.Add(Cond(States(2)));
        graph.Library.Function.Add(Body(States(2), body, ["b/hnew:z:0", "b/c:z:0"]));
        return graph.ToByteArray();
    }

    /// <summary>A GRU with reset_after (Keras' default): kernel [features, 3·units], recurrent [units, 3·units], bias [2, 3·units] (input and recurrent biases); gates z, r, h.</summary>
    public static byte[] Gru(int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias)
    {
        var graph = Common(steps, features, units, kernel, recurrent, bias, [2, 3 * units], states: 1);
        // Keras unstacks the two biases before the loop.
        graph.Node.Add(Node("biases", "Unpack", ["bias"], ("T", Type(F)), ("num", new AttrValue { I = 2 }), ("axis", new AttrValue { I = 0 })));
        var loop = graph.Node.Single(n => n.Name == "while");
        loop.Input[^1] = "biases:1";
        loop.Input.Insert(loop.Input.Count - 1, "biases");
        loop.Attr["T"].List.Type.Add(F);
        graph.Library = new FunctionDefLibrary();
        string[] body =
        [
            "b/item = TensorListGetItem(inlist, time, elem_in:output:0)",
            "b/mx = MatMul(b/item:item:0, kernel)",
            "b/mxb = BiasAdd(b/mx:product:0, bias)",
            "b/xs = Split3(b/mxb:output:0)",
            "b/mh = MatMul(h, recurrent)",
            "b/mhb = BiasAdd(b/mh:product:0, recurrent_bias)",
            "b/hs = Split3(b/mhb:output:0)",
            "b/zs = AddV2(b/xs:output:0, b/hs:output:0)",
            "b/z = Sigmoid(b/zs:z:0)",
            "b/rs = AddV2(b/xs:output:1, b/hs:output:1)",
            "b/r = Sigmoid(b/rs:z:0)",
            "b/rh = Mul(b/r:y:0, b/hs:output:2)",
            "b/hhs = AddV2(b/xs:output:2, b/rh:z:0)",
            "b/hh = Tanh(b/hhs:z:0)",
            "b/zh = Mul(b/z:y:0, h)",
            "b/one_minus = Sub(one_f:output:0, b/z:y:0)",
            "b/update = Mul(b/one_minus:z:0, b/hh:y:0)",
            "b/hnew = AddV2(b/zh:z:0, b/update:z:0)",
        ];
        var states = States(1).Append(("recurrent_bias", F)).ToArray();
        graph.Library.Function.Add(Cond(states));
        graph.Library.Function.Add(Body(states, body, ["b/hnew:z:0"], constants: [("one_f", 1f)]));
        return graph.ToByteArray();
    }

    /// <summary>The loop variables after counter, limit, time and the output list: the states, then the step count, the input list and the weights.</summary>
    private static (string, DataType)[] States(int states) =>
        (states == 2 ? new[] { ("h", F), ("c", F) } : new[] { ("h", F) }).Concat(new[] { ("n", I), ("inlist", V), ("kernel", F), ("recurrent", F), ("bias", F) }).ToArray();

    private static GraphDef Common(int steps, int features, int units, float[] kernel, float[] recurrent, float[] bias, long[] biasShape, int states)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 1395 } };
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = -1 }, new TensorShapeProto.Types.Dim { Size = steps }, new TensorShapeProto.Types.Dim { Size = features } } };
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(F)), ("shape", new AttrValue { Shape = shape })));
        graph.Node.Add(Ints("perm", [1, 0, 2], [3]));
        graph.Node.Add(Node("time_major", "Transpose", ["x", "perm"], ("T", Type(F)), ("Tperm", Type(I))));
        graph.Node.Add(Ints("elem_in", [-1, features], [2]));
        graph.Node.Add(Ints("elem_out", [-1, units], [2]));
        graph.Node.Add(Node("inlist", "TensorListFromTensor", ["time_major", "elem_in"], ("element_dtype", Type(F)), ("shape_type", Type(I))));
        graph.Node.Add(Ints("one", [1], []));
        graph.Node.Add(Node("outlist", "TensorListReserve", ["elem_out", "one"], ("element_dtype", Type(F)), ("shape_type", Type(I))));
        // zeros [batch, units], the batch read from x's shape, as Keras' get_initial_state does.
        graph.Node.Add(Node("shape", "Shape", ["x"], ("T", Type(F)), ("out_type", Type(I))));
        graph.Node.Add(Ints("s0", [0], [1]));
        graph.Node.Add(Ints("s1", [1], [1]));
        graph.Node.Add(Node("batch", "StridedSlice", ["shape", "s0", "s1", "s1"], ("T", Type(I)), ("Index", Type(I)), ("shrink_axis_mask", new AttrValue { I = 1 })));
        graph.Node.Add(Ints("units", [units], []));
        graph.Node.Add(Node("zeros_shape", "Pack", ["batch", "units"], ("T", Type(I)), ("N", new AttrValue { I = 2 })));
        graph.Node.Add(Floats("zero", [0f], []));
        graph.Node.Add(Node("zeros", "Fill", ["zeros_shape", "zero"], ("T", Type(F)), ("index_type", Type(I))));
        graph.Node.Add(Floats("kernel", kernel, [features, kernel.Length / features]));
        graph.Node.Add(Floats("recurrent", recurrent, [units, recurrent.Length / units]));
        graph.Node.Add(Floats("bias", bias, biasShape));
        graph.Node.Add(Ints("start", [0], []));
        graph.Node.Add(Ints("steps", [steps], []));
        string[] inputs = ["start", "steps", "start", "outlist", .. Enumerable.Repeat("zeros", states), "steps", "inlist", "kernel", "recurrent", "bias"];
        var types = new[] { I, I, I, V }.Concat(Enumerable.Repeat(F, states)).Concat(new[] { I, V, F, F, F });
        var loop = Node("while", "StatelessWhile", inputs, ("T", new AttrValue { List = new AttrValue.Types.ListValue { Type = { types } } }),
            ("cond", Func("cond")), ("body", Func("body")), ("parallel_iterations", new AttrValue { I = 32 }));
        graph.Node.Add(loop);
        graph.Node.Add(Node("stacked", "TensorListStack", ["while:3", "elem_out"], ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = 1 })));
        graph.Node.Add(Ints("last", [-1], [1]));
        graph.Node.Add(Ints("end", [0], [1]));
        graph.Node.Add(Node("y", "StridedSlice", ["stacked", "last", "end", "s1"], ("T", Type(F)), ("Index", Type(I)), ("shrink_axis_mask", new AttrValue { I = 1 })));
        return graph;
    }

    private static FunctionDef Cond((string Name, DataType Type)[] states)
    {
        var function = Function("cond", states, [("keep_going", DataType.DtBool)]);
        function.NodeDef.Add(Node("less", "Less", ["time", "n"], ("T", Type(I))));
        function.Ret["keep_going"] = "less:z:0";
        return function;
    }

    /// <summary>The loop body: <paramref name="lines"/> (<c>name = Op(inputs)</c>, SplitN for a Split in N along axis 1), then the list write and the counters.</summary>
    private static FunctionDef Body((string Name, DataType Type)[] states, string[] lines, string[] newStates, (string Name, float Value)[]? constants = null)
    {
        var loopVariables = new[] { ("counter", I), ("limit", I), ("time", I), ("outlist", V) }.Concat(states).ToArray();
        var function = Function("body", states, loopVariables.Select(s => (s.Item1 + "_out", s.Item2)).ToArray());
        function.NodeDef.Add(Ints("zero_i", [0], []));
        function.NodeDef.Add(Ints("one_i", [1], []));
        function.NodeDef.Add(Ints("axis", [1], []));
        function.NodeDef.Add(Ints("elem_in", [-1, -1], [2]));
        foreach (var (name, value) in constants ?? [])
        {
            function.NodeDef.Add(Floats(name, [value], []));
        }
        foreach (var line in lines)
        {
            var name = line[..line.IndexOf(" = ", StringComparison.Ordinal)];
            var call = line[(name.Length + 3)..];
            var op = call[..call.IndexOf('(')];
            var inputs = call[(op.Length + 1)..^1].Split(", ");
            function.NodeDef.Add(op switch
            {
                "TensorListGetItem" => Node(name, op, inputs, ("element_dtype", Type(F))),
                "Split3" or "Split4" => Node(name, "Split", ["axis:output:0", inputs[0]], ("T", Type(F)), ("num_split", new AttrValue { I = op[^1] - '0' })),
                _ => Node(name, op, inputs, ("T", Type(F))),
            });
        }
        function.NodeDef.Add(Node("b/set", "TensorListSetItem", ["outlist", "zero_i:output:0", newStates[0]], ("element_dtype", Type(F))));
        function.NodeDef.Add(Node("b/time", "AddV2", ["time", "one_i:output:0"], ("T", Type(I))));
        function.NodeDef.Add(Node("b/counter", "AddV2", ["counter", "one_i:output:0"], ("T", Type(I))));
        var pass = PassThrough(function);
        string[] rets = ["b/counter:z:0", pass("limit"), "b/time:z:0", "b/set:output_handle:0", .. newStates, .. states.Skip(newStates.Length).Select(s => pass(s.Name))];
        foreach (var (variable, ret) in loopVariables.Zip(rets))
        {
            function.Ret[variable.Item1 + "_out"] = ret;
        }
        return function;
    }

    private static Func<string, string> PassThrough(FunctionDef function) => name =>
    {
        function.NodeDef.Add(Node("b/pass_" + name, "Identity", [name], ("T", Type(function.Signature.InputArg.Single(a => a.Name == name).Type))));
        return $"b/pass_{name}:output:0";
    };

    private static FunctionDef Function(string name, (string Name, DataType Type)[] states, (string Name, DataType Type)[] outputs)
    {
        var signature = new OpDef { Name = name };
        var arguments = new[] { ("counter", I), ("limit", I), ("time", I), ("outlist", V) }.Concat(states);
        signature.InputArg.AddRange(arguments.Select(a => new OpDef.Types.ArgDef { Name = a.Item1, Type = a.Item2 }));
        signature.OutputArg.AddRange(outputs.Select(o => new OpDef.Types.ArgDef { Name = o.Name, Type = o.Type }));
        return new FunctionDef { Signature = signature };
    }

    private static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        return node;
    }

    private static NodeDef Ints(string name, int[] values, long[] dims) => Const(name, DataType.DtInt32, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    private static NodeDef Floats(string name, float[] values, long[] dims) => Const(name, DataType.DtFloat, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    private static NodeDef Const(string name, DataType type, ReadOnlySpan<byte> content, long[] dims)
    {
        var tensor = new TensorProto { Dtype = type, TensorShape = new TensorShapeProto(), TensorContent = ByteString.CopyFrom(content) };
        tensor.TensorShape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return Node(name, "Const", [], ("dtype", Type(type)), ("value", new AttrValue { Tensor = tensor }));
    }

    private static AttrValue Type(DataType type) => new() { Type = type };

    private static AttrValue Func(string name) => new() { Func = new NameAttrList { Name = name } };
}
