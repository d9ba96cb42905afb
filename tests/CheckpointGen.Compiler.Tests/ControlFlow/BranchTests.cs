using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>If/StatelessIf: a predicate known at build time picks the branch then; one computed at run time becomes if/else, both against TensorFlow.js.</summary>
public sealed class BranchTests
{
    private const int Batch = 2;

    [Theory]
    [InlineData(1f)]
    [InlineData(-1f)]
    public void A_run_time_predicate_runs_the_branch_it_picks_as_tensorflow_does(float p)
    {
        using var model = LoopOracle.Check(ControlFlowGraphs.Branch(), ["cond:0", "cond:1"], Batch,
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
        using var model = LoopOracle.Check(ControlFlowGraphs.Branch(value), ["cond:0", "cond:1"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 6), [Batch, 3]));

        var program = model.Program;
        Assert.Empty(program.Controls);
        Assert.Equal(value ? [ProgramKernels.Binary, ProgramKernels.Binary] : [ProgramKernels.Binary, ProgramKernels.Unary], program.Steps.Select(s => s.Kernel));
    }
}
