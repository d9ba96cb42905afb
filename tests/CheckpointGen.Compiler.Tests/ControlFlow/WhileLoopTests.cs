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

    [Fact]
    public void A_counted_recurrence_equals_tensorflow_and_stays_one_loop()
    {
        using var model = LoopOracle.Check(ControlFlowGraphs.Recurrent(), ["loop:2", "loop:0"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 1), [Batch, 3]));

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
        var called = ControlFlowGraphs.Recurrent(3);
        var loop = called.Graph.Node.Single(n => n.Name == "loop");
        called.Graph.Node.Remove(loop);
        var call = Node("call", "StatefulPartitionedCall", ["x", "w", "b"], ("f", new Protos.AttrValue { Func = new Protos.NameAttrList { Name = "forward" } }));
        called.Add(call).Function("forward", [("x", F), ("w", F), ("b", F)], [("y", F)],
            [ConstNode("start", [0]), ConstNode("limit", [3]), While("loop", "cond", "body", ["start:output:0", "limit:output:0", "x", "w", "b"], [I, I, F, F, F])],
            "loop:output:2");
        var x = Close.Random(Batch * 3, 4);

        using var model = LoopOracle.Check(called, ["call:0"], Batch, ControlFlowGraphs.Recurrent(3), ["loop:2"], new LoopOracle.Input("x", x, [Batch, 3]));

        Assert.Single(model.Program.Controls, c => c.Kind == PlanControl.Loop && c.Node == "call/loop");
    }

    /// <summary>
    /// while_v2's maximum_iterations: the loop counter and the limit are loop variables and the
    /// condition is LogicalAnd(counter &lt; limit, the loop's own condition); the limit (2) stops
    /// the loop before its own condition (i &lt; 5) would.
    /// </summary>
    [Fact]
    public void Maximum_iterations_stop_the_loop_as_in_tensorflow()
    {
        (string, Protos.DataType)[] args = [("counter", I), ("limit", I), ("i", I), ("n", I), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], [])
            .Const("limit", [2], [])
            .Const("n", [5], [])
            .Add(While("loop", "cond", "body", ["zero", "limit", "zero", "n", "x"], [I, I, I, I, F]))
            .Function("cond", args, [("more", B)],
                [Op("under_limit", "Less", I, "counter", "limit"), Op("own", "Less", I, "i", "n"), Node("both", "LogicalAnd", ["under_limit:z:0", "own:z:0"])],
                "both:z:0")
            .Function("body", args, [("counter_next", I), ("limit_out", I), ("i_next", I), ("n_out", I), ("x_next", F)],
                [
                    ConstNode("one", [1]),
                    ConstNode("two_f", [2f]),
                    Op("counted", "AddV2", I, "counter", "one:output:0"),
                    Op("next", "AddV2", I, "i", "one:output:0"),
                    Op("doubled", "Mul", F, "x", "two_f:output:0"),
                ],
                "counted:z:0", "limit", "next:z:0", "n", "doubled:z:0");
        var x = Close.Random(Batch * 3, 7);

        using var model = LoopOracle.Check(graph, ["loop:4", "loop:2"], Batch, new LoopOracle.Input("x", x, [Batch, 3]));

        Assert.Equal(x.Select(v => v * 4), (float[])model.RunTyped(Batch, x)[0]);
    }

    /// <summary>(a, b) → (a + b, a): b takes a's old value, which must be read before a is overwritten.</summary>
    [Fact]
    public void Carried_values_that_trade_places_read_the_old_values()
    {
        (string, Protos.DataType)[] args = [("i", I), ("n", I), ("a", F), ("b", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Placeholder("y", F, -1, 3)
            .Const("zero", [0], [])
            .Const("n", [5], [])
            .Add(While("fib", "cond", "body", ["zero", "n", "x", "y"], [I, I, F, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("a_next", F), ("b_next", F)],
                [ConstNode("one", [1]), Op("next", "AddV2", I, "i", "one:output:0"), Op("sum", "AddV2", F, "a", "b")],
                "next:z:0", "n", "sum:z:0", "a");

        using var model = LoopOracle.Check(graph, ["fib:2", "fib:3"], Batch,
            new LoopOracle.Input("x", Close.Random(Batch * 3, 11), [Batch, 3]), new LoopOracle.Input("y", Close.Random(Batch * 3, 12), [Batch, 3]));

        Assert.Equal(4, InLoop(model.Program).Count(s => s.Kernel == ProgramKernels.Copy));
    }

    [Fact]
    public void A_loop_allocates_nothing_per_call_after_the_first()
    {
        var folder = Directory.CreateTempSubdirectory("cg-loop-alloc-").FullName;
        using var model = CompiledModel.Build(ControlFlowGraphs.Recurrent(16).Write(folder), outputs: "loop:2", inputs: "x");
        Directory.Delete(folder, recursive: true);
        Array[] inputs = [Close.Random(Batch * 3, 8)], outputs = [new float[Batch * 3]];
        model.RunInto(inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            model.RunInto(inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The steps between the program's first loop and its end.</summary>
    internal static IEnumerable<PlanStep> InLoop(PlanProgram program)
    {
        var start = program.Controls.First(c => c.Kind == PlanControl.Loop).At;
        var end = program.Controls.Last(c => c.Kind == PlanControl.End).At;
        return program.Steps.Skip(start).Take(end - start);
    }
}
