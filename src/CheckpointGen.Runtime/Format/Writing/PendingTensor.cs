namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// One run of bytes to write: a whole tensor, or one partition of a partitioned tensor
/// (<see cref="Slice"/> set, <see cref="Shape"/> the partition's shape). Where it lands is
/// filled in by the commit.
/// </summary>
/// <param name="Name">The tensor's name (for a partition, its tensor's name).</param>
/// <param name="NameKey">The UTF-8 name: what <see cref="TensorDataOrder.ByName"/> sorts by.</param>
/// <param name="Key">The index key: the UTF-8 name, or the partition's slice key.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The shape of the bytes written.</param>
/// <param name="Slice">The partition's place in its tensor, or null for a whole tensor.</param>
/// <param name="Source">Where the bytes come from.</param>
/// <param name="RequestedShard">The shard the caller asked for, if any.</param>
/// <param name="Sequence">Position among all additions: the order of <see cref="TensorDataOrder.AsAdded"/>.</param>
internal sealed record PendingTensor(
    string Name,
    byte[] NameKey,
    byte[] Key,
    TensorDataType DataType,
    TensorShape Shape,
    TensorSlice? Slice,
    TensorSource Source,
    int? RequestedShard,
    int Sequence)
{
    public int ShardId { get; set; }

    public long Offset { get; set; }

    public uint Crc { get; set; }
}
