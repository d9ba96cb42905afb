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

    /// <summary>StatelessCase (TensorFlow.js has none: checked against the branches' definitions): x·2, x + 1, tanh x; an index out of range runs the last.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(-1)]
    public void Case_on_a_run_time_index_runs_that_branch(int index)
    {
        var folder = Directory.CreateTempSubdirectory("cg-case-").FullName;
        using var model = CompiledModel.Build(CaseGraph(null).Write(folder), outputs: "case", inputs: "x;k");
        Directory.Delete(folder, recursive: true);
        var x = Close.Random(Batch * 3, 9);

        var y = (float[])model.RunTyped(Batch, x, new[] { index })[0];

        Close.Assert(x.Select(v => index switch { 0 => v * 2, 1 => v + 1, _ => MathF.Tanh(v) }).ToArray(), y, "case");
        Assert.Equal([PlanControl.If, PlanControl.Else, PlanControl.If, PlanControl.Else, PlanControl.End, PlanControl.End], model.Program.Controls.Select(c => c.Kind));
    }

    [Fact]
    public void Case_on_a_known_index_compiles_that_branch_only()
    {
        var folder = Directory.CreateTempSubdirectory("cg-case-").FullName;
        using var model = CompiledModel.Build(CaseGraph(1).Write(folder), outputs: "case", inputs: "x");
        Directory.Delete(folder, recursive: true);
        var x = Close.Random(Batch * 3, 10);

        Close.Assert(x.Select(v => v + 1).ToArray(), model.Run(Batch, x)[0], "case");
        Assert.Empty(model.Program.Controls);
    }

    private static LibraryGraph CaseGraph(int? known)
    {
        var graph = new LibraryGraph().Placeholder("x", F, -1, 3);
        graph = known is { } k ? graph.Const("k", [k], []) : graph.Placeholder("k", I);
        (string, DataType)[] arg = [("x", F)], result = [("y", F)];
        return graph.Add(Case("case", ["b0", "b1", "b2"], "k", ["x"], [F], [F]))
            .Function("b0", arg, result, [ConstNode("two", [2f]), Op("y", "Mul", F, "x", "two:output:0")], "y:z:0")
            .Function("b1", arg, result, [ConstNode("one", [1f]), Op("y", "AddV2", F, "x", "one:output:0")], "y:z:0")
            .Function("b2", arg, result, [Op("y", "Tanh", F, "x")], "y:y:0");
    }
}
