namespace CheckpointGen.Runtime;

/// <summary>
/// One tensor of a checkpoint: what its index entry says, and what the graph (if any) says
/// about it. Immutable once the checkpoint is open.
/// </summary>
/// <remarks>
/// The stores create these while reading the index, as the one record per tensor (a 100,000-
/// variable index holds 100,000 of them), so the fields are kept small: dtype and kind as
/// bytes, the checksum without a nullable wrapper.
/// </remarks>
public sealed class CheckpointVariable
{
    private readonly uint _crc32C;
    private readonly bool _hasCrc32C;
    private readonly byte _dataType;
    private byte _kind;

    internal CheckpointVariable(int index, string name, TensorDataType dataType, TensorShape shape, int shardId, long offset, long size, uint? crc32C, IReadOnlyList<TensorSlice> slices, long indexOffset)
    {
        Index = index;
        Name = name;
        _dataType = (byte)dataType;
        Shape = shape;
        ShardId = shardId;
        Offset = offset;
        Size = size;
        _crc32C = crc32C.GetValueOrDefault();
        _hasCrc32C = crc32C.HasValue;
        Slices = slices;
        IndexOffset = indexOffset;
    }

    /// <summary>The tensor's position in its store, -1 for a partition's own entry.</summary>
    internal int Index { get; }

    /// <summary>The key as stored in the checkpoint (<c>dense/kernel</c>, <c>layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The variable's name in the model where a graph tells it (<c>dense/kernel</c> for an
    /// object-based key); otherwise null.
    /// </summary>
    public string? VariableName { get; private set; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType => (TensorDataType)_dataType;

    /// <summary>The full shape (for a partitioned variable, of the whole variable).</summary>
    public TensorShape Shape { get; }

    /// <summary>The data file holding the bytes, or -1 for a partitioned variable.</summary>
    public int ShardId { get; }

    /// <summary>Where the bytes start in the data file, or -1 where the format has no offsets (V1, partitioned).</summary>
    public long Offset { get; }

    /// <summary>Stored bytes (for strings including lengths and their checksum), or -1 where unknown.</summary>
    public long Size { get; }

    /// <summary>The stored CRC32C of the bytes (unmasked), where the format has one.</summary>
    public uint? Crc32C => _hasCrc32C ? _crc32C : null;

    /// <summary>The saved partitions of a partitioned variable; empty otherwise.</summary>
    public IReadOnlyList<TensorSlice> Slices { get; }

    /// <summary>Whether the variable is saved as several partitions.</summary>
    public bool IsPartitioned => Slices.Count > 0;

    /// <summary>What the variable is for.</summary>
    public VariableKind Kind => (VariableKind)_kind;

    /// <summary>Where the tensor's entry is in its index or table file, for errors.</summary>
    internal long IndexOffset { get; }

    /// <summary>The element count.</summary>
    public long ElementCount => Shape.ElementCount;

    /// <summary>Sets what the graph or the name says, once, while the checkpoint opens.</summary>
    internal void Describe(string? variableName, VariableKind kind)
    {
        VariableName = variableName;
        _kind = (byte)kind;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorDataTypes.Name(DataType)} {Shape}";
}
