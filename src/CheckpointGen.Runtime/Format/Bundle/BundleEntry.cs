namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// One validated tensor entry of a V2 index. For a partitioned variable <see cref="Slices"/> is
/// non-empty and the location fields are unused; each slice's bytes have their own entry under a
/// <see cref="SliceKey"/>.
/// </summary>
internal sealed record BundleEntry(
    string Name,
    TensorDataType DataType,
    TensorShape Shape,
    int ShardId,
    long Offset,
    long Size,
    uint MaskedCrc32C,
    IReadOnlyList<TensorSlice> Slices,
    long IndexOffset)
{
    public bool IsPartitioned => Slices.Count > 0;
}
