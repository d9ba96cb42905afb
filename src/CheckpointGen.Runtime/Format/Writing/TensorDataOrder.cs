namespace CheckpointGen.Runtime;

/// <summary>The order in which <see cref="CheckpointWriter"/> lays tensors out in each data file.</summary>
public enum TensorDataOrder
{
    /// <summary>
    /// By name, in the index's byte order, partitions at their tensor's name in the order added:
    /// what <c>tf.compat.v1.train.Saver</c> writes.
    /// </summary>
    ByName,

    /// <summary>
    /// In the order the tensors were added, as TensorFlow's BundleWriter does; object-based (TF2)
    /// checkpoints list their tensors in object-graph order this way.
    /// </summary>
    AsAdded,
}
