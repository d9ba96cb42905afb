namespace CheckpointGen.Runtime;

/// <summary>Options for <see cref="CheckpointWriter"/>: data file count and layout.</summary>
public sealed class CheckpointWriterOptions
{
    /// <summary>The defaults: one data file, tensors in name order.</summary>
    public static CheckpointWriterOptions Default { get; } = new();

    /// <summary>
    /// How many data files (<c>.data-0000i-of-0000N</c>) to write when the caller assigns each
    /// tensor's shard (tensors added without one go to shard 0). Ignored when
    /// <see cref="MaxShardSize"/> is set.
    /// </summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>
    /// When set, shards are assigned by size instead: tensors fill a data file in
    /// <see cref="DataOrder"/> until the next one would take it past this many bytes, then a new
    /// file begins (a tensor larger than this gets a file of its own). Tensors must then be
    /// added without a shard.
    /// </summary>
    public long? MaxShardSize { get; init; }

    /// <summary>How tensors are laid out in each data file.</summary>
    public TensorDataOrder DataOrder { get; init; } = TensorDataOrder.ByName;
}
