namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>A partitioned tensor's own entry: its full shape and the partitions added so far.</summary>
internal sealed record PartitionedTensor(string Name, byte[] Key, TensorDataType DataType, TensorShape FullShape)
{
    public List<PendingTensor> Parts { get; } = new();
}
