namespace CheckpointGen.Runtime.Tests.Model;

/// <summary>
/// <see cref="CheckpointVariable"/> keeps an ordinary tensor's fields in a narrow inline record
/// and moves the rest into a side object; whichever way a field is stored, it reads back as given.
/// </summary>
public sealed class CheckpointVariableTests
{
    private static readonly TensorShape Matrix = TensorShape.Create(3, 4);

    public static TheoryData<string, TensorDataType, int, long, long, uint?, bool, long> Entries() => new()
    {
        // name, dtype, shard, offset, size, crc, partitioned, index offset
        { "inline float", TensorDataType.Float, 2, 1L << 40, 48, 0xDEADBEEF, false, 123_456 },
        { "no checksum (V1)", TensorDataType.Double, 0, -1, 96, null, false, 7 },
        { "string: stored size", TensorDataType.String, 0, 64, 30, 1, false, 9 },
        { "size other than the shape's", TensorDataType.Float, 0, 0, 5, 1, false, 9 },
        { "shard beyond 16 bits", TensorDataType.Float, 70_000, 0, 48, 1, false, 9 },
        { "index offset beyond 4 GiB", TensorDataType.Float, 0, 0, 48, 1, false, 5L << 32 },
        { "partitioned", TensorDataType.Float, -1, -1, -1, null, true, 11 },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Every_field_reads_back_as_given(string name, TensorDataType dtype, int shard, long offset, long size, uint? crc, bool partitioned, long indexOffset)
    {
        var slices = partitioned ? new[] { new TensorSlice(new[] { new SliceExtent(0, 1), new SliceExtent(0, -1) }) } : Array.Empty<TensorSlice>();

        var variable = new CheckpointVariable(5, name, dtype, Matrix, shard, offset, size, crc, slices, indexOffset);

        Assert.Equal((5, name, dtype, shard, offset, size, crc, indexOffset), (variable.Index, variable.Name, variable.DataType, variable.ShardId, variable.Offset, variable.Size, variable.Crc32C, variable.IndexOffset));
        Assert.Same(Matrix, variable.Shape);
        Assert.Equal(slices, variable.Slices);
        Assert.Equal(partitioned, variable.IsPartitioned);
        Assert.Equal(12, variable.ElementCount);
        Assert.Null(variable.VariableName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE")]
    [InlineData("dense/kernel")]
    public void Describe_keeps_the_graph_name_and_kind_beside_the_checksum(string? variableName)
    {
        var variable = new CheckpointVariable(0, "dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", TensorDataType.Float, Matrix, 0, 0, 48, 0x1234, Array.Empty<TensorSlice>(), 0);

        variable.Describe(variableName, VariableKind.Bookkeeping);

        Assert.Equal(variableName, variable.VariableName);
        Assert.Equal(VariableKind.Bookkeeping, variable.Kind);
        Assert.Equal(0x1234u, variable.Crc32C);
        Assert.Equal(48, variable.Size);
    }

    [Fact]
    public void An_ordinary_tensor_takes_56_bytes()
    {
        // The listing's allocation budget (name + 64 B per variable, RESULTS.md §c) is this
        // record plus its 8-byte list slot: a field added inline breaks it.
        static CheckpointVariable Create() => new(1, "w", TensorDataType.Float, Matrix, 0, 0, 48, 1, Array.Empty<TensorSlice>(), 0);
        GC.KeepAlive(Create());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var variable = Create();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(variable);
        Assert.Equal(56, allocated);
    }
}
