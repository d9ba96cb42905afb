namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Where a tensor's stored bytes come from. Sources are read only when the checkpoint is
/// committed, straight into the data file, so adding a tensor never copies its data.
/// </summary>
internal abstract class TensorSource
{
    /// <summary>The bytes the tensor takes in the data file: the entry's <c>size</c>.</summary>
    public abstract long Size { get; }

    /// <summary>Writes exactly <see cref="Size"/> bytes and returns the entry's CRC32C, unmasked.</summary>
    public abstract uint WriteTo(ShardWriter output, string tensorName);
}
