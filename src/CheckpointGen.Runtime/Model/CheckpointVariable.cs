namespace CheckpointGen.Runtime;

/// <summary>
/// One tensor of a checkpoint: what its index entry says, and what the graph (if any) says
/// about it. Immutable once the checkpoint is open.
/// </summary>
/// <remarks>
/// The stores create these while reading the index, as the one record per tensor (a 100,000-
/// variable index holds 100,000 of them), so an ordinary tensor's record is 48 bytes: the size
/// is computed from the shape for fixed-size dtypes, the shard is kept narrow, and dtype, kind
/// and flags are bytes. Whatever does not fit that (a partitioned variable's slices, a graph name
/// other than the key, a string tensor's size, a shard beyond the narrow range) moves with the
/// shape into a <see cref="RareFields"/> object. Where an entry is in its index is not kept: the
/// few errors that name it (about partitions) get it from the index (<c>BundleIndex</c>).
/// </remarks>
public sealed class CheckpointVariable
{
    private const byte KindMask = 0x0F;
    private const byte HasCrc32CFlag = 0x10;
    private const byte VariableNameIsNameFlag = 0x20;
    private const byte VerifiedFlag = 0x40;

    /// <summary>The shape, or a <see cref="RareFields"/> holding it with the fields that do not fit inline.</summary>
    private object _shapeOrRare;
    private readonly uint _crc32C;
    private readonly ushort _shardId;
    private readonly byte _dataType;

    /// <summary>
    /// Kind and flags. <see cref="Describe"/> writes it only while the checkpoint opens; after
    /// that the only write is <see cref="MarkVerified"/> setting its one bit, so two threads
    /// marking at once both write the same value.
    /// </summary>
    private byte _kindAndFlags;

    internal CheckpointVariable(string name, TensorDataType dataType, TensorShape shape, int shardId, long offset, long size, uint? crc32C, IReadOnlyList<TensorSlice> slices)
    {
        Name = name;
        _dataType = (byte)dataType;
        Offset = offset;
        _crc32C = crc32C.GetValueOrDefault();
        _kindAndFlags = crc32C.HasValue ? HasCrc32CFlag : (byte)0;
        var fitsInline = slices.Count == 0
            && shardId is >= 0 and <= ushort.MaxValue
            && DerivedSize(dataType, shape) == size;
        if (fitsInline)
        {
            _shapeOrRare = shape;
            _shardId = (ushort)shardId;
        }
        else
        {
            _shapeOrRare = new RareFields(shape, shardId, size, slices);
        }
    }

    /// <summary>The key as stored in the checkpoint (<c>dense/kernel</c>, <c>layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The variable's name in the model where a graph tells it (<c>dense/kernel</c> for an
    /// object-based key); otherwise null.
    /// </summary>
    public string? VariableName =>
        (_shapeOrRare as RareFields)?.VariableName ?? ((_kindAndFlags & VariableNameIsNameFlag) != 0 ? Name : null);

    /// <summary>The element type.</summary>
    public TensorDataType DataType => (TensorDataType)_dataType;

    /// <summary>The full shape (for a partitioned variable, of the whole variable).</summary>
    public TensorShape Shape => _shapeOrRare as TensorShape ?? ((RareFields)_shapeOrRare).Shape;

    /// <summary>The data file holding the bytes, or -1 for a partitioned variable.</summary>
    public int ShardId => _shapeOrRare is RareFields rare ? rare.ShardId : _shardId;

    /// <summary>Where the bytes start in the data file, or -1 where the format has no offsets (V1, partitioned).</summary>
    public long Offset { get; }

    /// <summary>Stored bytes (for strings including lengths and their checksum), or -1 where unknown.</summary>
    public long Size => _shapeOrRare is RareFields rare ? rare.Size : DerivedSize(DataType, (TensorShape)_shapeOrRare);

    /// <summary>The stored CRC32C of the bytes (unmasked), where the format has one.</summary>
    public uint? Crc32C => (_kindAndFlags & HasCrc32CFlag) != 0 ? _crc32C : null;

    /// <summary>The saved partitions of a partitioned variable; empty otherwise.</summary>
    public IReadOnlyList<TensorSlice> Slices => (_shapeOrRare as RareFields)?.Slices ?? Array.Empty<TensorSlice>();

    /// <summary>Whether the variable is saved as several partitions.</summary>
    public bool IsPartitioned => Slices.Count > 0;

    /// <summary>What the variable is for.</summary>
    public VariableKind Kind => (VariableKind)(_kindAndFlags & KindMask);

    /// <summary>
    /// Whether the stored checksum has been checked since the checkpoint opened (what the
    /// <see cref="ChecksumPolicy.FirstRead"/> policy asks before reading).
    /// </summary>
    internal bool IsVerified => (Volatile.Read(ref _kindAndFlags) & VerifiedFlag) != 0;

    /// <summary>The element count.</summary>
    public long ElementCount => Shape.ElementCount;

    /// <summary>Records that the stored checksum matched the bytes.</summary>
    internal void MarkVerified() => Volatile.Write(ref _kindAndFlags, (byte)(_kindAndFlags | VerifiedFlag));

    /// <summary>Sets what the graph or the name says, once, while the checkpoint opens.</summary>
    internal void Describe(string? variableName, VariableKind kind)
    {
        var flags = (byte)(_kindAndFlags & (HasCrc32CFlag | VerifiedFlag));
        if (variableName is not null && variableName != Name)
        {
            Rare().VariableName = variableName;
        }
        else
        {
            if (_shapeOrRare is RareFields rare)
            {
                rare.VariableName = null;
            }
            flags |= variableName is null ? (byte)0 : VariableNameIsNameFlag;
        }
        _kindAndFlags = (byte)(flags | (byte)kind);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorDataTypes.Name(DataType)} {Shape}";

    /// <summary>The byte size a fixed-size dtype's tensor of <paramref name="shape"/> takes; -2 (no stored size) otherwise.</summary>
    private static long DerivedSize(TensorDataType dataType, TensorShape shape)
    {
        var elementSize = TensorDataTypes.ElementSize(dataType);
        var count = shape.ElementCount;
        return elementSize > 0 && count >= 0 && count <= long.MaxValue / elementSize ? count * elementSize : -2;
    }

    private RareFields Rare()
    {
        if (_shapeOrRare is not RareFields rare)
        {
            rare = new RareFields((TensorShape)_shapeOrRare, _shardId, Size, Array.Empty<TensorSlice>());
            _shapeOrRare = rare;
        }
        return rare;
    }

    /// <summary>The fields of the few variables that do not fit the inline record.</summary>
    private sealed class RareFields
    {
        public RareFields(TensorShape shape, int shardId, long size, IReadOnlyList<TensorSlice> slices)
        {
            Shape = shape;
            ShardId = shardId;
            Size = size;
            Slices = slices;
        }

        public TensorShape Shape { get; }

        public int ShardId { get; }

        public long Size { get; }

        public IReadOnlyList<TensorSlice> Slices { get; }

        public string? VariableName { get; set; }
    }
}
