namespace CheckpointGen.Runtime;

/// <summary>How a checkpoint stores its tensors.</summary>
public enum CheckpointFormat
{
    /// <summary>TensorBundle: a <c>.index</c> table and <c>.data-NNNNN-of-NNNNN</c> shards (TF 1.x Saver V2, TF 2.x).</summary>
    V2,

    /// <summary>The legacy format: one table of SavedTensorSlices per shard (Saver V1, session bundles).</summary>
    V1,
}
