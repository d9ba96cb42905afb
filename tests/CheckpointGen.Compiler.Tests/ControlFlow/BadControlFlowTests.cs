using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Planning.Compiler;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>Loops and branches a graph gets wrong: a CG error naming the node, never a crash or code that does not compile.</summary>
public sealed class BadControlFlowTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cg-bad-loops-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_missing_body_function_names_the_loop_and_the_function()
    {
        var graph = ControlFlowGraphs.Recurrent();
        graph.Graph.Library.Function.Remove(graph.Graph.Library.Function.Single(f => f.Signature.Name == "body"));

        var error = Diagnose(graph, "loop:2");

        Assert.Equal(GraphCompileException.MissingInput, error.Code);
        Assert.Contains("node 'loop' (StatelessWhile) runs 'body' as its body, which the graph's library does not define", error.Message);
    }

    [Fact]
    public void A_body_returning_fewer_values_than_the_loop_carries_is_an_error()
    {
        var graph = ControlFlowGraphs.Recurrent();
        var body = graph.Graph.Library.Function.Single(f => f.Signature.Name == "body");
        body.Signature.OutputArg.RemoveAt(4);

        var error = Diagnose(graph, "loop:2");

        Assert.Equal(GraphCompileException.MissingInput, error.Code);
        Assert.Contains("node 'loop' (StatelessWhile) carries 5 values, and its body 'body' returns 4", error.Message);
    }

    [Fact]
    public void A_carried_value_whose_shape_changes_is_an_error_naming_the_loop()
    {
        (string, DataType)[] args = [("i", I), ("n", I), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], [])
            .Const("n", [2], [])
            .Add(While("grow", "cond", "body", ["zero", "n", "x"], [I, I, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("x_next", F)],
                [ConstNode("one", [1]), ConstNode("axis", [1]), Op("next", "AddV2", I, "i", "one:output:0"), Node("wider", "ConcatV2", ["x", "x", "axis:output:0"], ("T", Type(F)), ("N", new AttrValue { I = 2 }))],
                "next:z:0", "n", "wider:output:0");

        var error = Diagnose(graph, "grow:2");

        Assert.Equal(GraphCompileException.BadShape, error.Code);
        Assert.Contains("node 'grow' (StatelessWhile) carries value 2 as float32 [?, 3], and its body 'body' returns it as float32 [?, 6]", error.Message);
    }

    [Fact]
    public void Branches_disagreeing_on_a_shape_are_an_error()
    {
        var graph = ControlFlowGraphs.Branch();
        var otherwise = graph.Graph.Library.Function.Single(f => f.Signature.Name == "else");
        otherwise.NodeDef.Add(ConstNode("axis", [1]));
        otherwise.NodeDef.Add(Node("total", "Sum", ["t:y:0", "axis:output:0"], ("T", Type(F)), ("Tidx", Type(I)), ("keep_dims", new AttrValue { B = true })));
        otherwise.Ret["b"] = "total:output:0";

        var error = Diagnose(graph, "cond:1", "x;p");

        Assert.Equal(GraphCompileException.BadShape, error.Code);
        Assert.Contains("node 'cond' (If) returns output 1 as float32 [?, 3] from one branch and as float32 [?, 1] from its else_branch", error.Message);
    }

    /// <summary>A body that runs itself as the body of an inner loop: recursion, refused at the nesting limit.</summary>
    [Fact]
    public void Loops_nested_too_deep_are_refused()
    {
        (string, DataType)[] args = [("i", I), ("n", I), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], [])
            .Const("n", [2], [])
            .Add(While("loop", "cond", "body", ["zero", "n", "x"], [I, I, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("x_next", F)],
                [ConstNode("one", [1]), Op("next", "AddV2", I, "i", "one:output:0"), While("again", "cond", "body", ["i", "n", "x"], [I, I, F])],
                "next:z:0", "n", "again:output:2");

        var error = Diagnose(graph, "loop:2");

        Assert.Equal(GraphCompileException.ControlFlowLimit, error.Code);
        Assert.Contains($"nests loops and branches deeper than {Contracts.Plan.PlanControl.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void A_condition_that_is_not_one_bool_is_an_error()
    {
        var graph = ControlFlowGraphs.Recurrent();
        var cond = graph.Graph.Library.Function.Single(f => f.Signature.Name == "cond");
        cond.NodeDef.Add(Op("row", "Greater", F, "x", "x"));
        cond.Ret["more"] = "row:z:0";

        var error = Diagnose(graph, "loop:2");

        Assert.Equal(GraphCompileException.BadShape, error.Code);
        Assert.Contains("node 'loop' (StatelessWhile) has a condition of bool [?, 3]; it must be one bool", error.Message);
    }

    private PlanDiagnosticView Diagnose(LibraryGraph graph, string outputs, string inputs = "x")
    {
        var diagnostic = Assert.Single(CompiledModel.Diagnose(graph.Write(_folder), outputs, inputs));
        return new PlanDiagnosticView(diagnostic.Code, diagnostic.Message);
    }

    private sealed record PlanDiagnosticView(string Code, string Message);
}
