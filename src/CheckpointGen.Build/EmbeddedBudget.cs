using CheckpointGen.Runtime;

namespace CheckpointGen.Build;

/// <summary>
/// Decides, before any tensor is read, whether an Embedded item's weights may go into the
/// assembly: above a size that makes every build and every load slow it warns (CG1023); beyond
/// what one assembly can hold, alone or with the items before it, it fails (CG1024). Both
/// point to Mode="Lazy", which reads tensors of any size in place.
/// </summary>
internal sealed class EmbeddedBudget
{
    private readonly long _warningBytes;
    private long _total;

    public EmbeddedBudget(long warningBytes) => _warningBytes = warningBytes;

    /// <summary>Counts weights already in the assembly (an up-to-date item's).</summary>
    public void Include(long bytes) => _total += bytes;

    /// <summary>True if the item's kept variables fit; otherwise reports CG1024 and returns false.</summary>
    public bool Admit(IReadOnlyList<CheckpointVariable> kept, string origin, TextWriter output)
    {
        var size = EmbeddedSize.Packed(kept);
        var largest = kept.OrderByDescending(EmbeddedSize.Stored).FirstOrDefault();
        var largestText = largest is null ? string.Empty : $"; the largest tensor, '{largest.Name}', is {EmbeddedSize.Format(EmbeddedSize.Stored(largest))}";
        var advice = "Set Mode=\"Lazy\" to memory-map the weights from the checkpoint files instead, or keep fewer variables with ExcludeVariables";
        if (size > EmbeddedSize.AssemblyLimit)
        {
            BuildDiagnostics.Error(output, origin, BuildDiagnostics.TooLargeToEmbed,
                $"Mode=\"Embedded\" would put {EmbeddedSize.Format(size)} of weights into the assembly{largestText}, and an assembly holds at most {EmbeddedSize.Format(EmbeddedSize.AssemblyLimit)}. {advice}.");
            return false;
        }
        if (size > EmbeddedSize.AssemblyLimit - _total)
        {
            BuildDiagnostics.Error(output, origin, BuildDiagnostics.TooLargeToEmbed,
                $"Mode=\"Embedded\" would put {EmbeddedSize.Format(size)} of weights into an assembly that other Embedded items already put {EmbeddedSize.Format(_total)} into, and an assembly holds at most {EmbeddedSize.Format(EmbeddedSize.AssemblyLimit)}. {advice}.");
            return false;
        }
        if (size > _warningBytes)
        {
            BuildDiagnostics.Warning(output, origin, BuildDiagnostics.LargeEmbedded,
                $"Mode=\"Embedded\" puts {EmbeddedSize.Format(size)} of weights into the assembly (more than CheckpointGenEmbeddedWarningSize, {EmbeddedSize.Format(_warningBytes)}){largestText}: every build compiles and every process maps them. {advice}.");
        }
        _total += size;
        return true;
    }
}
