using CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

namespace CheckpointGen.Fuzz;

/// <summary>The checkpoint reader on mutated checkpoints (the bad-input tests' mutator and contract).</summary>
internal sealed class ReaderTarget : IFuzzTarget
{
    private readonly Mutator _mutator = new(SeedCorpus.Load());

    public string Reached => "opened";

    public FuzzOutcome Execute(int seed, string scratch)
    {
        var result = FuzzExecution.Run(_mutator.Create(seed), scratch);
        return new FuzzOutcome(result.Opened, result.Breaches.Select(b => b.Signature).Distinct().ToArray(), result.ToString());
    }

    public void Save(int seed, string folder) => _mutator.Create(seed).Files.WriteTo(folder);

    public string Describe(int seed) => _mutator.Create(seed).ToString();
}
