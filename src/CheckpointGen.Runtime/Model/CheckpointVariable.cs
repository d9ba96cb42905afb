namespace CheckpointGen.Runtime;

/// <summary>
/// One tensor of a checkpoint: what its index entry says, and what the graph (if any) says
/// about it. Immutable.
/// </summary>
public sealed class CheckpointVariable
{
    internal CheckpointVariable(int index, string name, TensorDataType dataType, TensorShape shape, int shardId, long offset, long size, uint? crc32C, IReadOnlyList<TensorSlice> slices, string? variableName, VariableKind kind)
    {
        Index = index;
        Name = name;
        DataType = dataType;
        Shape = shape;
        ShardId = shardId;
        Offset = offset;
        Size = size;
        Crc32C = crc32C;
        Slices = slices;
        VariableName = variableName;
        Kind = kind;
    }

    internal int Index { get; }

    /// <summary>The key as stored in the checkpoint (<c>dense/kernel</c>, <c>layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The variable's name in the model where a graph tells it (<c>dense/kernel</c> for an
    /// object-based key); otherwise null.
    /// </summary>
    public string? VariableName { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The full shape (for a partitioned variable, of the whole variable).</summary>
    public TensorShape Shape { get; }

    /// <summary>The data file holding the bytes, or -1 for a partitioned variable.</summary>
    public int ShardId { get; }

    /// <summary>Where the bytes start in the data file, or -1 where the format has no offsets (V1, partitioned).</summary>
    public long Offset { get; }

    /// <summary>Stored bytes (for strings including lengths and their checksum), or -1 where unknown.</summary>
    public long Size { get; }

    /// <summary>The stored CRC32C of the bytes (unmasked), where the format has one.</summary>
    public uint? Crc32C { get; }

    /// <summary>The saved partitions of a partitioned variable; empty otherwise.</summary>
    public IReadOnlyList<TensorSlice> Slices { get; }

    /// <summary>Whether the variable is saved as several partitions.</summary>
    public bool IsPartitioned => Slices.Count > 0;

    /// <summary>What the variable is for.</summary>
    public VariableKind Kind { get; }

    /// <summary>The element count.</summary>
    public long ElementCount => Shape.ElementCount;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorDataTypes.Name(DataType)} {Shape}";
}
