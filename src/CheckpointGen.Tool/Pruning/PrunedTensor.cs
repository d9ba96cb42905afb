using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Pruning;

/// <summary>A tensor of the pruned checkpoint: where it came from, its key, and for a rewritten object graph its new value.</summary>
/// <param name="Source">The tensor in the input checkpoint.</param>
/// <param name="Name">Its key in the new checkpoint.</param>
/// <param name="Replacement">The new serialized object graph, or null when the stored bytes are copied as they are.</param>
internal sealed record PrunedTensor(CheckpointVariable Source, string Name, byte[]? Replacement)
{
    /// <summary>Whether the tensor is written with new contents rather than copied.</summary>
    public bool IsRewritten => Replacement is not null;
}
