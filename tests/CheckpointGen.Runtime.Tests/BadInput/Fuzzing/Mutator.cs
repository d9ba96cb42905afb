namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>A mutated checkpoint, reproducible from <see cref="Seed"/> and the seed corpus.</summary>
internal sealed record Mutant(int Seed, CheckpointFiles Files, IReadOnlyList<string> Steps)
{
    public override string ToString() => $"mutant {Seed} of '{Files.Label}': {string.Join("; then ", Steps)}";
}

/// <summary>
/// Makes mutants: picks a seed checkpoint and applies one to three mutations to its files, a
/// table-aware one (entry edits, re-encoded) or a byte-level one (sometimes with the table's
/// block checksums repaired after it). Everything comes from the mutant's own seed.
/// </summary>
internal sealed class Mutator
{
    private readonly IReadOnlyList<CheckpointFiles> _seeds;
    private readonly byte[][] _allFiles;

    public Mutator(IReadOnlyList<CheckpointFiles> seeds)
    {
        _seeds = seeds;
        _allFiles = seeds.SelectMany(s => s.Files).Select(f => f.Bytes).ToArray();
    }

    public Mutant Create(int seed)
    {
        var random = new Random(seed);
        var input = _seeds[random.Next(_seeds.Count)];
        var steps = new List<string>();
        var rounds = 1 + random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            var index = PickFile(random, input);
            var file = input.Files[index];
            var isTable = IsTable(file);
            var what = string.Empty;
            var edited = isTable && random.Next(2) == 0
                ? TableMutations.EditEntries(random, file.Bytes, v1: !file.Name.EndsWith(".index", StringComparison.Ordinal), _allFiles, out what)
                : null;
            if (edited is null)
            {
                edited = ByteMutations.Apply(random, file.Bytes, _allFiles, out what);
                if (isTable && random.Next(2) == 0)
                {
                    TableMutations.RepairChecksums(edited);
                    what += ", block checksums repaired";
                }
            }
            input = input.With(index, edited);
            steps.Add($"{file.Name}: {what}");
        }
        return new Mutant(seed, input, steps);
    }

    /// <summary>Tables (the index, a V1 file) hold the structure, so they are mutated most.</summary>
    private static int PickFile(Random random, CheckpointFiles input)
    {
        var tables = Enumerable.Range(0, input.Files.Count).Where(i => IsTable(input.Files[i])).ToArray();
        return tables.Length > 0 && random.Next(4) != 0 ? tables[random.Next(tables.Length)] : random.Next(input.Files.Count);
    }

    private static bool IsTable(CheckpointFile file) => !file.Name.Contains(".data-", StringComparison.Ordinal);
}
