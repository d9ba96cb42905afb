namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// What a store knows of one tensor, whatever the format: the public
/// <see cref="CheckpointVariable"/> is built from it. <see cref="Index"/> is the store's own handle.
/// </summary>
internal sealed record StoredTensor(
    int Index,
    string Name,
    TensorDataType DataType,
    TensorShape Shape,
    int ShardId,
    long Offset,
    long Size,
    uint? Crc32C,
    IReadOnlyList<TensorSlice> Slices);
