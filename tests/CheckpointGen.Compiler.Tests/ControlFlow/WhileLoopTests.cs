using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>
/// While/StatelessWhile compiled to a C# loop and run against TensorFlow.js: counters, carried
/// tensors of float32 and int32, nested loops, a loop inside a called function; and what the plan
/// holds (one copy of the body, carried values handed back without copies where they can be).
/// </summary>
public sealed class WhileLoopTests
{
    private const int Batch = 2;

    private static readonly float[] W = Close.Random(9, 3, 0.8f);
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    /// <summary>
    /// As while_v2 saves a loop: counter and limit as loop variables (the limit passed through),
    /// weights captured as loop variables the body returns unchanged: x = tanh(x·W + b), n times.
    /// </summary>
    internal static LibraryGraph RecurrentGraph(int iterations = 4)
    {
        (string, Protos.DataType)[] args = [("i", I), ("n", I), ("x", F), ("w", F), ("b", F)];
        return new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("w", W, 3, 3)
            .Const("b", Bias, 3)
            .Const("zero", [0], [])
            .Const("n", [iterations], [])
            .Add(While("loop", "cond", "body", ["zero", "n", "x", "w", "b"], [I, I, F, F, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("x_next", F), ("w_out", F), ("b_out", F)],
                [
                    ConstNode("one", [1]),
                    Op("next", "AddV2", I, "i", "one:output:0"),
                    Op("mm", "MatMul", F, "x", "w"),
                    Op("biased", "BiasAdd", F, "mm:product:0", "b"),
                    Op("t", "Tanh", F, "biased:output:0"),
                    Op("n_id", "Identity", I, "n"),
                    Op("w_id", "Identity", F, "w"),
                    Op("b_id", "Identity", F, "b"),
                ],
                "next:z:0", "n_id:output:0", "t:y:0", "w_id:output:0", "b_id:output:0");
    }

    [Fact]
    public void A_counted_recurrence_equals_tensorflow_and_stays_one_loop()
    {
        using var model = LoopOracle.Check(RecurrentGraph(), ["loop:2", "loop:0"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 1), [Batch, 3]));

        var program = model.Program;
        Assert.Equal([PlanControl.Loop, PlanControl.Break, PlanControl.End], program.Controls.Select(c => c.Kind));
        // The body compiled once (no unrolling): one GEMM, weights packed as constants (passed through, not carried).
        Assert.Single(program.Steps, s => s.Kernel == ProgramKernels.MatMul);
        Assert.Equal(ProgramDTypes.Int32, program.Results[1].DType);
    }

    /// <summary>
    /// v (int32 [3]) = v·2 + i and x = x·0.5 + float(v), the new v: integer arithmetic at run time,
    /// a cast, and results computed after the body's last read of the old values, which the plan
    /// computes straight into the carried slots (only the counter, read by its own update, is copied).
    /// </summary>
    [Fact]
    public void Int32_and_float_tensors_carried_together_equal_tensorflow_without_copies()
    {
        (string, Protos.DataType)[] args = [("i", I), ("n", I), ("v", I), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], [])
            .Const("n", [3], [])
            .Const("v0", [1, -2, 5], 3)
            .Add(While("loop", "cond", "body", ["zero", "n", "v0", "x"], [I, I, I, F], op: "While"))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("v_next", I), ("x_next", F)],
                [
                    ConstNode("one", [1]),
                    ConstNode("two", [2]),
                    ConstNode("half", [0.5f]),
                    Op("next", "AddV2", I, "i", "one:output:0"),
                    Op("doubled", "Mul", I, "v", "two:output:0"),
                    Op("v_new", "AddV2", I, "doubled:z:0", "i"),
                    Op("scaled", "Mul", F, "x", "half:output:0"),
                    Node("v_float", "Cast", ["v_new:z:0"], ("SrcT", Type(I)), ("DstT", Type(F))),
                    Op("x_new", "AddV2", F, "scaled:z:0", "v_float:y:0"),
                ],
                "next:z:0", "n", "v_new:z:0", "x_new:z:0");

        using var model = LoopOracle.Check(graph, ["loop:2", "loop:3"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 2), [Batch, 3]));

        var copies = InLoop(model.Program).Count(s => s.Kernel == ProgramKernels.Copy);
        Assert.Equal(1, copies);
    }

    /// <summary>An outer loop whose body runs an inner loop: x = tanh(inner(x)), inner: x = x·0.5 + 1 twice; three outer iterations.</summary>
    [Fact]
    public void Nested_loops_equal_tensorflow()
    {
        (string, Protos.DataType)[] args = [("i", I), ("n", I), ("x", F)];
        NodeDef[] Counter(string prefix) => [ConstNode(prefix + "one", [1]), Op(prefix + "next", "AddV2", I, "i", prefix + "one:output:0")];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], [])
            .Const("n", [3], [])
            .Add(While("outer", "cond", "outer_body", ["zero", "n", "x"], [I, I, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("outer_body", args, [("i_next", I), ("n_out", I), ("x_next", F)],
                [
                    .. Counter("o_"),
                    ConstNode("inner_zero", [0]),
                    ConstNode("inner_n", [2]),
                    While("inner", "cond", "inner_body", ["inner_zero:output:0", "inner_n:output:0", "x"], [I, I, F]),
                    Op("t", "Tanh", F, "inner:output:2"),
                ],
                "o_next:z:0", "n", "t:y:0")
            .Function("inner_body", args, [("i_next", I), ("n_out", I), ("x_next", F)],
                [
                    .. Counter("i_"),
                    ConstNode("half", [0.5f]),
                    ConstNode("one_f", [1f]),
                    Op("scaled", "Mul", F, "x", "half:output:0"),
                    Op("shifted", "AddV2", F, "scaled:z:0", "one_f:output:0"),
                ],
                "i_next:z:0", "n", "shifted:z:0");

        using var model = LoopOracle.Check(graph, ["outer:2"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 3), [Batch, 3]));

        Assert.Equal([PlanControl.Loop, PlanControl.Break, PlanControl.Loop, PlanControl.Break, PlanControl.End, PlanControl.End], model.Program.Controls.Select(c => c.Kind));
    }

    /// <summary>A loop inside a function called by StatefulPartitionedCall (TF2's forward pass); TensorFlow.js, which has no call kernel, runs the same loop at the top level.</summary>
    [Fact]
    public void A_loop_inside_a_called_function_equals_tensorflow()
    {
        var called = RecurrentGraph(3);
        var loop = called.Graph.Node.Single(n => n.Name == "loop");
        called.Graph.Node.Remove(loop);
        var call = Node("call", "StatefulPartitionedCall", ["x", "w", "b"], ("f", new Protos.AttrValue { Func = new Protos.NameAttrList { Name = "forward" } }));
        called.Add(call).Function("forward", [("x", F), ("w", F), ("b", F)], [("y", F)],
            [ConstNode("start", [0]), ConstNode("limit", [3]), While("loop", "cond", "body", ["start:output:0", "limit:output:0", "x", "w", "b"], [I, I, F, F, F])],
            "loop:output:2");
        var x = Close.Random(Batch * 3, 4);

        using var model = LoopOracle.Check(called, ["call:0"], Batch, RecurrentGraph(3), ["loop:2"], new LoopOracle.Input("x", x, [Batch, 3]));

        Assert.Single(model.Program.Controls, c => c.Kind == PlanControl.Loop && c.Node == "call/loop");
    }

    /// <summary>The steps between the program's first loop and its end.</summary>
    internal static IEnumerable<PlanStep> InLoop(PlanProgram program)
    {
        var start = program.Controls.First(c => c.Kind == PlanControl.Loop).At;
        var end = program.Controls.Last(c => c.Kind == PlanControl.End).At;
        return program.Steps.Skip(start).Take(end - start);
    }
}
