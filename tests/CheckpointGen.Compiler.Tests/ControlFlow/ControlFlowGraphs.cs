using CheckpointGen.Compiler.Tests.Infrastructure;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>The loop and branch graphs several tests share, apart from them so the graph fuzzer (eng/CheckpointGen.Fuzz) can seed with them.</summary>
internal static class ControlFlowGraphs
{
    private static readonly float[] W = [0.3f, -0.5f, 0.8f, 0.1f, -0.7f, 0.4f, -0.2f, 0.6f, -0.4f];
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    /// <summary>
    /// As while_v2 saves a loop: counter and limit as loop variables (the limit passed through),
    /// weights captured as loop variables the body returns unchanged: x = tanh(x·W + b), n times.
    /// </summary>
    public static LibraryGraph Recurrent(int iterations = 4)
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

    /// <summary>then: (x·2, x + 1); else: (x − 1, tanh x): two outputs per branch; the predicate p &gt; 0 or a constant.</summary>
    public static LibraryGraph Branch(bool? constant = null)
    {
        var graph = new LibraryGraph().Placeholder("x", F, -1, 3);
        if (constant is { } value)
        {
            graph.Add(BoolConst("pred", value));
        }
        else
        {
            graph.Placeholder("p", F).Const("zero", [0f]).Add(Op("pred", "Greater", F, "p", "zero"));
        }
        return graph
            .Add(If("cond", "then", "else", "pred", ["x"], [F], [F, F], op: constant is null ? "If" : "StatelessIf"))
            .Function("then", [("x", F)], [("a", F), ("b", F)],
                [ConstNode("two", [2f]), ConstNode("one", [1f]), Op("doubled", "Mul", F, "x", "two:output:0"), Op("shifted", "AddV2", F, "x", "one:output:0")],
                "doubled:z:0", "shifted:z:0")
            .Function("else", [("x", F)], [("a", F), ("b", F)],
                [ConstNode("one", [1f]), Op("lowered", "Sub", F, "x", "one:output:0"), Op("t", "Tanh", F, "x")],
                "lowered:z:0", "t:y:0");
    }
}
