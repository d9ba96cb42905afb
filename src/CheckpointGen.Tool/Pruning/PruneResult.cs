using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Pruning;

/// <summary>What <c>prune</c> wrote.</summary>
/// <param name="Prefix">The new checkpoint's prefix, absolute.</param>
/// <param name="Files">Its index and data files.</param>
/// <param name="Kept">Each tensor of the new checkpoint, in key order of the source.</param>
/// <param name="Dropped">The variables left out.</param>
/// <param name="MetaPath">The meta graph written beside it, or null.</param>
/// <param name="MetaNote">Why no meta graph was written, when a graph was there to rewrite.</param>
/// <param name="StateFilePath">The <c>checkpoint</c> state file updated.</param>
internal sealed record PruneResult(
    string Prefix,
    IReadOnlyList<string> Files,
    IReadOnlyList<PrunedTensor> Kept,
    IReadOnlyList<CheckpointVariable> Dropped,
    string? MetaPath,
    string? MetaNote,
    string StateFilePath);
