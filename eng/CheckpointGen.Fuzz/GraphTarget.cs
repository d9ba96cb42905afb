using CheckpointGen.Compiler.Tests.Fuzzing;

namespace CheckpointGen.Fuzz;

/// <summary>The item planner and graph compiler on mutated graphs (the graph fuzzing tests' mutator and contract).</summary>
internal sealed class GraphTarget : IFuzzTarget
{
    private readonly GraphMutator _mutator = new(GraphSeed.All);

    public string Reached => "planned";

    public FuzzOutcome Execute(int seed, string scratch)
    {
        var result = GraphFuzzExecution.Run(_mutator.Create(seed), scratch);
        return new FuzzOutcome(result.Planned, result.Problem is null ? [] : [Signature(result.Problem)], result.ToString());
    }

    public void Save(int seed, string folder)
    {
        var mutant = _mutator.Create(seed);
        var item = mutant.WriteTo(folder);
        File.WriteAllText(Path.Combine(folder, "item.txt"), $"<Checkpoint Include=\"{item}\" Outputs=\"{mutant.Model.Outputs}\" Inputs=\"{mutant.Model.Inputs}\" />\n");
    }

    public string Describe(int seed) => _mutator.Create(seed).ToString();

    /// <summary>Groups problems with one cause: the first line without numbers and quoted names, and the throwing frame.</summary>
    private static string Signature(string problem)
    {
        var lines = problem.Split('\n');
        var head = System.Text.RegularExpressions.Regex.Replace(lines[0], @"'[^']*'|[0-9]+", "_");
        var frame = lines.Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return $"{head} {frame}".Trim();
    }
}
