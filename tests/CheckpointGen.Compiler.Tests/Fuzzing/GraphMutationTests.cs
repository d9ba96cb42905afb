namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// Bounded graph mutation fuzzing (eng/fuzz.sh --target graph runs it for long): byte and
/// structure-aware mutants of frozen GraphDefs, meta graphs and SavedModels, planned as a build
/// plans them. Every outcome is a plan or a CG1xxx error other than the internal-error code, within
/// <see cref="GraphFuzzExecution.AllocationBudget"/> and <see cref="CaseTimeout"/>; never an
/// escaping exception or a hang. Fixed mutant seeds: a failure names the seed that reproduces it.
/// </summary>
public class GraphMutationTests
{
    private const int MutantsPerRun = 240;

    /// <summary>Generous for a loaded 2-core machine: the seeds plan in milliseconds.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Seeds => new(GraphSeed.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_seed_plans_unmutated(string name)
    {
        var seed = GraphSeed.All.Single(s => s.Name == name);
        using var scratch = new Scratch();

        var result = GraphFuzzExecution.Run(new GraphMutant(0, seed, seed.Files(), "none"), scratch.Path);

        // A seed that fails to plan would only ever exercise the first error path.
        Assert.True(result is { Passed: true, Planned: true }, result.ToString());
    }

    [Fact]
    public async Task Mutated_graphs_plan_or_fail_with_a_build_error_within_bounds()
    {
        var mutator = new GraphMutator(GraphSeed.All);
        using var scratch = new Scratch();
        var planned = 0;
        for (var seed = 1; seed <= MutantsPerRun; seed++)
        {
            var mutant = mutator.Create(seed);
            var run = Task.Run(() => GraphFuzzExecution.Run(mutant, scratch.Path));
            Assert.True(await Task.WhenAny(run, Task.Delay(CaseTimeout)) == run, $"still planning after {CaseTimeout.TotalSeconds} s (a hang): {mutant}");
            var result = await run;
            Assert.True(result.Passed, $"{result}\nreproduce: bash eng/fuzz.sh --target graph --mutant {seed}");
            planned += result.Planned ? 1 : 0;
        }
        // Mutants that all fail at the first parse would test nothing past it.
        Assert.InRange(planned, MutantsPerRun / 20, MutantsPerRun * 19 / 20);
    }

    private sealed class Scratch : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cg-graph-fuzz-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
