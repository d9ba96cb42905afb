namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>What one mutant did to the reader.</summary>
internal sealed record FuzzResult(Mutant Mutant, IReadOnlyList<Breach> Breaches, bool Opened)
{
    public bool Passed => Breaches.Count == 0;

    public override string ToString() => $"{Mutant}\n  " + string.Join("\n  ", Breaches);
}

/// <summary>Writes a mutant to a scratch folder and runs the reader contract on it, within an allocation budget.</summary>
internal static class FuzzExecution
{
    /// <summary>
    /// Bytes a valid input can justify per byte of file: a Snappy block expands at most ~21x, and
    /// a string tensor costs an array object (~32 bytes) per element of at least one stored byte.
    /// </summary>
    private const long AllocationPerInputByte = 64;

    /// <summary>Fixed overhead of opening and reading anything (buffers, dictionaries, messages).</summary>
    private const long AllocationBase = 16L << 20;

    public static FuzzResult Run(Mutant mutant, string directory)
    {
        var path = mutant.Files.WriteTo(directory);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var breaches = ReaderContract.Check(path, out var opened);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var budget = AllocationBase + (AllocationPerInputByte * mutant.Files.TotalBytes);
        if (allocated > budget)
        {
            breaches.Add(new Breach("all steps", null, "allocated more than the files justify", null, $"{allocated} bytes for {mutant.Files.TotalBytes} bytes of files (budget {budget})"));
        }
        return new FuzzResult(mutant, breaches, opened);
    }
}
