using CheckpointGen.Contracts;
using CheckpointGen.Runtime;

namespace CheckpointGen.Planning.Storage;

/// <summary>
/// Decides, before any tensor is read, whether an Embedded item's weights may go into the
/// assembly: above a size that makes every build and every load slow it warns (CG1033); beyond
/// what one assembly can hold, alone or with the project's other Embedded items, it fails
/// (CG1034). Both point to Mode="Lazy", which reads tensors of any size in place.
/// </summary>
internal sealed class EmbeddedBudget
{
    private const string Advice = "Set Mode=\"Lazy\" to memory-map the weights from the checkpoint files instead, or keep fewer variables with ExcludeVariables";

    private readonly long _warningBytes;
    private long _total;

    public EmbeddedBudget(long warningBytes = WorkerCommandLine.DefaultEmbeddedWarningSize) => _warningBytes = warningBytes;

    /// <summary>Counts weights already in the assembly (an up-to-date item's).</summary>
    public void Include(long bytes) => _total += bytes;

    /// <summary>What there is to say about embedding <paramref name="kept"/> (an error when it does not fit), or null; counts it when it fits.</summary>
    public PlanDiagnostic? Admit(IReadOnlyList<CheckpointVariable> kept)
    {
        var size = EmbeddedSize.Packed(kept);
        var largest = kept.OrderByDescending(EmbeddedSize.Stored).FirstOrDefault();
        var largestText = largest is null ? string.Empty : $"; the largest tensor, '{largest.Name}', is {EmbeddedSize.Format(EmbeddedSize.Stored(largest))}";
        var limit = EmbeddedSize.Format(EmbeddedSize.AssemblyLimit);
        if (size > EmbeddedSize.AssemblyLimit)
        {
            return PlanDiagnostic.Error(PlanDiagnostic.TooLargeToEmbed,
                $"Mode=\"Embedded\" would put {EmbeddedSize.Format(size)} of weights into the assembly{largestText}, and an assembly holds at most {limit}. {Advice}.");
        }
        if (size > EmbeddedSize.AssemblyLimit - _total)
        {
            return PlanDiagnostic.Error(PlanDiagnostic.TooLargeToEmbed,
                $"Mode=\"Embedded\" would put {EmbeddedSize.Format(size)} of weights into an assembly that other Embedded items already put {EmbeddedSize.Format(_total)} into, and an assembly holds at most {limit}. {Advice}.");
        }
        _total += size;
        return size > _warningBytes
            ? PlanDiagnostic.Warning(PlanDiagnostic.LargeEmbedded,
                $"Mode=\"Embedded\" puts {EmbeddedSize.Format(size)} of weights into the assembly (more than CheckpointGenEmbeddedWarningSize, {EmbeddedSize.Format(_warningBytes)}){largestText}: every build compiles and every process maps them. {Advice}.")
            : null;
    }
}
