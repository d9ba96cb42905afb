namespace CheckpointGen.Fuzz;

/// <summary>What one mutant did: whether it got past parsing, the signatures of its contract breaches (none: it held), and a report.</summary>
internal sealed record FuzzOutcome(bool Reached, IReadOnlyList<string> Signatures, string Report)
{
    public bool Passed => Signatures.Count == 0;
}

/// <summary>A fuzzing target: the code under test and its mutator, both driven by the mutant's seed alone.</summary>
internal interface IFuzzTarget
{
    /// <summary>What <see cref="FuzzOutcome.Reached"/> counts, for the progress line ("opened", "planned").</summary>
    string Reached { get; }

    /// <summary>Runs the mutant of <paramref name="seed"/> with <paramref name="scratch"/> as its working folder.</summary>
    FuzzOutcome Execute(int seed, string scratch);

    /// <summary>Writes the mutant's input files into <paramref name="folder"/>, to keep a failing input.</summary>
    void Save(int seed, string folder);

    /// <summary>A one-line description of the mutant.</summary>
    string Describe(int seed);
}
