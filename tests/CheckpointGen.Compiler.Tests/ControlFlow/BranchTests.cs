using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>If/StatelessIf: a predicate known at build time picks the branch then; one computed at run time becomes if/else, both against TensorFlow.js.</summary>
public sealed class BranchTests
{
    private const int Batch = 2;

    /// <summary>then: (x·2, x + 1); else: (x − 1, tanh x): two outputs per branch; the predicate p &gt; 0 or a constant.</summary>
    internal static LibraryGraph BranchGraph(bool? constant = null)
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

    [Theory]
    [InlineData(1f)]
    [InlineData(-1f)]
    public void A_run_time_predicate_runs_the_branch_it_picks_as_tensorflow_does(float p)
    {
        using var model = LoopOracle.Check(BranchGraph(), ["cond:0", "cond:1"], Batch,
            new LoopOracle.Input("x", Close.Random(Batch * 3, 5), [Batch, 3]), new LoopOracle.Input("p", new[] { p }, []));

        var program = model.Program;
        Assert.Equal([PlanControl.If, PlanControl.Else, PlanControl.End], program.Controls.Select(c => c.Kind));
        // Each branch computes its results straight into the outputs: nothing copied.
        Assert.DoesNotContain(program.Steps, s => s.Kernel == ProgramKernels.Copy);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_predicate_known_at_build_time_compiles_only_the_branch_taken(bool value)
    {
        using var model = LoopOracle.Check(BranchGraph(value), ["cond:0", "cond:1"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 6), [Batch, 3]));

        var program = model.Program;
        Assert.Empty(program.Controls);
        Assert.Equal(value ? [ProgramKernels.Binary, ProgramKernels.Binary] : [ProgramKernels.Binary, ProgramKernels.Unary], program.Steps.Select(s => s.Kernel));
    }
}
