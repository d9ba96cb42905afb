using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>
/// Seeded mutation fuzzing of every real fixture, the V1 file and crafted checkpoints: each
/// mutant must keep the reader contract (see <see cref="ReaderContract"/>). A fixed number of
/// mutants from a fixed seed, so a failure reproduces: the message names each mutant's seed
/// (<c>new Mutator(SeedCorpus.Load()).Create(seed)</c>, or <c>bash eng/fuzz.sh --mutant seed</c>).
/// </summary>
public sealed class MutationFuzzTests
{
    private const int BaseSeed = 41203;
    private const int Mutants = 2500;

    [Fact]
    public void Every_seed_checkpoint_keeps_the_contract_and_opens()
    {
        var seeds = SeedCorpus.Load();
        using var dir = new TempDirectory();

        var results = seeds.Select((s, i) => FuzzExecution.Run(new Mutant(i, s, Array.Empty<string>()), dir.Path)).ToList();

        Assert.True(seeds.Count >= 20, $"only {seeds.Count} seeds");
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.All(results, r => Assert.True(r.Opened, r.ToString()));
    }

    [Fact]
    public void Mutants_of_real_and_crafted_checkpoints_keep_the_contract()
    {
        var mutator = new Mutator(SeedCorpus.Load());
        var seeds = new Random(BaseSeed);
        using var dir = new TempDirectory();
        var failures = new List<FuzzResult>();
        var opened = 0;

        for (var i = 0; i < Mutants; i++)
        {
            var result = FuzzExecution.Run(mutator.Create(seeds.Next()), dir.Path);
            opened += result.Opened ? 1 : 0;
            if (!result.Passed)
            {
                failures.Add(result);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutants} mutants (base seed {BaseSeed}) broke the contract; the first:\n" + string.Join("\n\n", failures.Take(5)));
        // Mutants that still open reach the tensor readers; too few would make this test vacuous.
        Assert.True(opened > Mutants / 10, $"only {opened} of {Mutants} mutants opened");
    }
}
