using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Generators.Tests.Infrastructure;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>The generated code of one loop and one branch, as committed snapshots.</summary>
public sealed class ControlFlowSnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cg-loop-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_counted_recurrence_is_a_while_loop()
    {
        using var model = CompiledModel.Build(ControlFlowGraphs.Recurrent().Write(_folder), outputs: "loop:2", inputs: "x");

        Snapshot.Match(model.Source);
    }

    [Fact]
    public void A_run_time_predicate_is_an_if_else()
    {
        using var model = CompiledModel.Build(ControlFlowGraphs.Branch().Write(_folder), outputs: "cond:0;cond:1", inputs: "x;p");

        Snapshot.Match(model.Source);
    }
}
