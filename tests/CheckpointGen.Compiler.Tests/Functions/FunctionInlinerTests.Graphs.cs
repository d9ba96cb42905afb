using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Functions;

/// <summary>The function-library graphs of <see cref="FunctionInlinerTests"/>, apart from the tests so the graph fuzzer (eng/CheckpointGen.Fuzz) can seed with them.</summary>
public sealed partial class FunctionInlinerTests
{
    private static readonly float[] C = [0.5f, -2f, 3f];

    /// <summary>The graph the first tests run (also the fuzzer's function-library seed).</summary>
    internal static GraphDef NestedGraph()
    {
        var graph = Graph(Call("call", "StatefulPartitionedCall", "outer", "x", "c"));
        graph.Node.Add(ConstNode("c", C));
        var floatT = new AttrValue { Type = DataType.DtFloat };
        var add = Op("add", "AddV2", "a", "b");
        add.Attr["T"] = new AttrValue { Placeholder = "T" };
        var message = new NodeDef { Name = "message", Op = "Const" };
        message.Attr["dtype"] = new AttrValue { Type = DataType.DtString };
        message.Attr["value"] = new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = new TensorShapeProto(), StringVal = { ByteString.CopyFromUtf8("checked") } } };
        var assert = new NodeDef { Name = "assert", Op = "Assert", Input = { "message:output:0", "message:output:0" } };
        var side = new NodeDef { Name = "side", Op = "NoOp", Input = { "^mul", "^assert" } };
        var inner = Function("inner", ["a", "b"], ["sum", "prod"], [add, Op("mul", "Mul", "a", "b"), message, assert, side], ("sum", "add:z:0"), ("prod", "mul:z:0"));
        inner.ControlRet["side"] = "side";
        var call1 = Call("call1", "PartitionedCall", "inner", "x", "c");
        call1.Attr["f"].Func.Attr["T"] = floatT;
        var direct = new NodeDef { Name = "direct", Op = "inner", Input = { "relu:activations:0", "x" } };
        direct.Attr["T"] = floatT;
        var outer = Function("outer", ["x", "c"], ["y", "z"], [call1, Op("relu", "Relu", "call1:output:1"), direct], ("y", "direct:sum:0"), ("z", "call1:output:0"));
        graph.Library.Function.Add(inner);
        graph.Library.Function.Add(outer);
        return graph;
    }

    private static GraphDef Graph(NodeDef call)
    {
        var x = new NodeDef { Name = "x", Op = "Placeholder" };
        x.Attr["dtype"] = new AttrValue { Type = DataType.DtFloat };
        x.Attr["shape"] = new AttrValue { Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = -1 }, new TensorShapeProto.Types.Dim { Size = 3 } } } };
        return new GraphDef { Node = { x, call }, Library = new FunctionDefLibrary(), Versions = new VersionDef { Producer = 1087 } };
    }

    private static NodeDef Call(string name, string op, string function, params string[] inputs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        node.Attr["f"] = new AttrValue { Func = new NameAttrList { Name = function } };
        return node;
    }

    private static NodeDef Op(string name, string op, params string[] inputs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        node.Attr["T"] = new AttrValue { Type = DataType.DtFloat };
        return node;
    }

    private static NodeDef ConstNode(string name, float[] values)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = values.Length } } } };
        tensor.FloatVal.AddRange(values);
        var node = new NodeDef { Name = name, Op = "Const" };
        node.Attr["dtype"] = new AttrValue { Type = DataType.DtFloat };
        node.Attr["value"] = new AttrValue { Tensor = tensor };
        return node;
    }

    private static FunctionDef Function(string name, string[] inputs, string[] outputs, NodeDef[] body, params (string Output, string Tensor)[] rets)
    {
        var signature = new OpDef { Name = name };
        signature.InputArg.AddRange(inputs.Select(i => new OpDef.Types.ArgDef { Name = i, Type = DataType.DtFloat }));
        signature.OutputArg.AddRange(outputs.Select(o => new OpDef.Types.ArgDef { Name = o, Type = DataType.DtFloat }));
        var function = new FunctionDef { Signature = signature };
        function.NodeDef.AddRange(body);
        foreach (var (output, tensor) in rets)
        {
            function.Ret[output] = tensor;
        }
        return function;
    }
}
