using CheckpointGen.Compiler.Tests.ControlFlow;
using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.Functions;

/// <summary>
/// Functions whose arguments and results are lists of tensors (<c>N*T</c> through a number_attr,
/// <c>list(type)</c> through a type_list_attr), called by StatefulPartitionedCall, as an op from another
/// function, and as a While's condition and body: each element is its own value, <c>x:i</c> inside the
/// body, <c>x</c> alone all of them. TensorFlow.js runs neither calls nor list arguments, so it runs
/// the same computation written without them.
/// </summary>
public sealed class ListArgumentTests
{
    private const int Batch = 2;

    [Fact]
    public void A_call_with_list_arguments_and_results_equals_the_computation_run_by_tensorflow()
    {
        var graph = Inputs()
            .Add(Call("call", "lists", ["x", "xp", "xt", "x", "k"], [F, F, F, F, I], [F, F, F, F, F]))
            .Add(ListsFunction());

        Check(graph, ["call:0", "call:1", "call:2", "call:3", "call:4"], Flat(), ["m0", "m1", "m2", "sum", "mixed"]);
    }

    /// <summary>A function calling the list function as an op and returning elements of its list result and the single result after it (flat indices 2 and 3).</summary>
    [Fact]
    public void A_list_result_read_by_element_from_a_nested_call_equals_tensorflow()
    {
        var inner = Node("inner", "lists", ["x", "x", "x", "x", "k"], ("N", new AttrValue { I = 3 }), ("T", Type(F)), ("Textra", Types(F, I)));
        var graph = Inputs()
            .Add(Node("call", "StatefulPartitionedCall", ["x", "k"], ("Tin", Types(F, I)), ("Tout", Types(F, F)), ("f", new AttrValue { Func = new NameAttrList { Name = "outer" } })))
            .Add(ListsFunction())
            .Function("outer", [("x", F), ("k", I)], [("last", F), ("total", F)], [inner], "inner:ys:2", "inner:total:0");
        var flat = Inputs()
            .Const("two", [2f]).Add(Op("m2", "Mul", F, "x", "two"))
            .Add(Node("sum", "AddN", ["x", "x", "x"], ("N", new AttrValue { I = 3 }), ("T", Type(F))));

        Check(graph, ["call:0", "call:1"], flat, ["m2", "sum"]);
    }

    /// <summary>A While whose condition and body take the state as one <c>N*T</c> argument (s0 + s1, s1 / 2, three times), against the same loop with one argument per tensor.</summary>
    [Fact]
    public void A_loop_whose_functions_take_a_list_argument_equals_tensorflow()
    {
        var attributes = new NameAttrList();
        attributes.Attr["N"] = new AttrValue { I = 2 };
        attributes.Attr["T"] = Type(F);
        var graph = Inputs().Const("zero_i", [0], [])
            .Add(While("loop", "cond", "body", ["zero_i", "x", "xt"], [I, F, F]))
            .Add(new FunctionDef
            {
                Signature = Signature("cond", [Arg("i", I), ListArg("s")], [Arg("more", B)]),
                NodeDef = { ConstNode("three", [3]), Op("less", "Less", I, "i", "three:output:0") },
                Ret = { ["more"] = "less:z:0" },
            })
            .Add(new FunctionDef
            {
                Signature = Signature("body", [Arg("i", I), ListArg("s")], [Arg("i_next", I), ListArg("s_next")]),
                NodeDef =
                {
                    ConstNode("one", [1]), ConstNode("half", [0.5f]),
                    Op("next", "AddV2", I, "i", "one:output:0"),
                    Op("a", "AddV2", F, "s:0", "s:1"),
                    Op("b", "Mul", F, "s:1", "half:output:0"),
                    Node("id", "IdentityN", ["a:z:0", "b:z:0"], ("T", Types(F, F))),
                },
                Ret = { ["i_next"] = "next:z:0", ["s_next"] = "id:output" },
            });
        foreach (var name in new[] { "cond", "body" })
        {
            var loop = graph.Graph.Node.Single(n => n.Name == "loop");
            loop.Attr[name].Func.Attr.Add(attributes.Attr);
        }
        var single = Inputs().Const("zero_i", [0], [])
            .Add(While("loop", "cond", "body", ["zero_i", "x", "xt"], [I, F, F]))
            .Function("cond", [("i", I), ("s0", F), ("s1", F)], [("more", B)], [ConstNode("three", [3]), Op("less", "Less", I, "i", "three:output:0")], "less:z:0")
            .Function("body", [("i", I), ("s0", F), ("s1", F)], [("i_next", I), ("s0_next", F), ("s1_next", F)],
                [ConstNode("one", [1]), ConstNode("half", [0.5f]), Op("next", "AddV2", I, "i", "one:output:0"), Op("a", "AddV2", F, "s0", "s1"), Op("b", "Mul", F, "s1", "half:output:0")],
                "next:z:0", "a:z:0", "b:z:0");

        Check(graph, ["loop:1", "loop:2"], single, ["loop:1", "loop:2"]);
    }

    [Fact]
    public void A_list_argument_without_its_count_is_an_error_naming_the_function_and_attribute()
    {
        var call = Call("call", "lists", ["x", "xp", "xt", "x", "k"], [F, F, F, F, I], [F, F, F, F, F]);
        call.Attr["f"].Func.Attr.Remove("N");
        var folder = Directory.CreateTempSubdirectory("cg-listargs-").FullName;
        var error = Assert.Single(CompiledModel.Diagnose(Inputs().Add(call).Add(ListsFunction()).Write(folder), "call:0", "x;k"));
        Directory.Delete(folder, recursive: true);

        Assert.Equal("CG1042", error.Code);
        Assert.Contains("'lists'", error.Message);
        Assert.Contains("'N'", error.Message);
    }

    private static LibraryGraph Inputs() =>
        new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Placeholder("k", I)
            .Const("one_f", [1f])
            .Add(Op("xp", "AddV2", F, "x", "one_f"))
            .Add(Op("xt", "Tanh", F, "x"));

    /// <summary>lists(xs: N*T, extra: list(type)) → (ys: N*T = xs·2, total: T = AddN(xs), mixed: T = extra:0 · float(extra:1)).</summary>
    private static FunctionDef ListsFunction() => new()
    {
        Signature = Signature("lists", [ListArg("xs"), new OpDef.Types.ArgDef { Name = "extra", TypeListAttr = "Textra" }], [ListArg("ys"), new OpDef.Types.ArgDef { Name = "total", TypeAttr = "T" }, Arg("mixed", F)]),
        NodeDef =
        {
            ConstNode("two", [2f]),
            Op("m0", "Mul", F, "xs:0", "two:output:0"),
            Op("m1", "Mul", F, "xs:1", "two:output:0"),
            Op("m2", "Mul", F, "xs:2", "two:output:0"),
            Node("ys_id", "IdentityN", ["m0:z:0", "m1:z:0", "m2:z:0"], ("T", Types(F, F, F))),
            Node("sum", "AddN", ["xs"], ("N", new AttrValue { I = 3 }), ("T", Type(F))),
            Node("kf", "Cast", ["extra:1"], ("SrcT", Type(I)), ("DstT", Type(F))),
            Op("mixed", "Mul", F, "extra:0", "kf:y:0"),
        },
        Ret = { ["ys"] = "ys_id:output", ["total"] = "sum:sum:0", ["mixed"] = "mixed:z:0" },
    };

    /// <summary>What <see cref="ListsFunction"/> computes on (x, x + 1, tanh x) and (x, k), at the top level.</summary>
    private static LibraryGraph Flat() =>
        Inputs().Const("two", [2f])
            .Add(Op("m0", "Mul", F, "x", "two")).Add(Op("m1", "Mul", F, "xp", "two")).Add(Op("m2", "Mul", F, "xt", "two"))
            .Add(Node("sum", "AddN", ["x", "xp", "xt"], ("N", new AttrValue { I = 3 }), ("T", Type(F))))
            .Add(Node("kf", "Cast", ["k"], ("SrcT", Type(I)), ("DstT", Type(F))))
            .Add(Op("mixed", "Mul", F, "x", "kf"));

    private static NodeDef Call(string name, string function, string[] inputs, DataType[] tin, DataType[] tout)
    {
        var f = new NameAttrList { Name = function };
        f.Attr["N"] = new AttrValue { I = 3 };
        f.Attr["T"] = Type(F);
        f.Attr["Textra"] = Types(F, I);
        return Node(name, "StatefulPartitionedCall", inputs, ("Tin", Types(tin)), ("Tout", Types(tout)), ("f", new AttrValue { Func = f }));
    }

    private static void Check(LibraryGraph graph, string[] outputs, LibraryGraph oracleGraph, string[] oracleOutputs)
    {
        var x = Close.Random(Batch * 3, 91);
        using var model = LoopOracle.Check(graph, outputs, Batch, oracleGraph, oracleOutputs, new LoopOracle.Input("x", x, [Batch, 3]), new LoopOracle.Input("k", new[] { 3 }, []));
    }

    private static OpDef Signature(string name, OpDef.Types.ArgDef[] inputs, OpDef.Types.ArgDef[] outputs)
    {
        var signature = new OpDef { Name = name };
        signature.InputArg.AddRange(inputs);
        signature.OutputArg.AddRange(outputs);
        return signature;
    }

    private static OpDef.Types.ArgDef Arg(string name, DataType type) => new() { Name = name, Type = type };

    private static OpDef.Types.ArgDef ListArg(string name) => new() { Name = name, NumberAttr = "N", TypeAttr = "T" };

    private static AttrValue Types(params DataType[] types)
    {
        var list = new AttrValue.Types.ListValue();
        list.Type.AddRange(types);
        return new AttrValue { List = list };
    }
}
