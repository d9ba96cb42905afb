using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>
/// A checkpoint whose header says its tensor bytes are big-endian, made by hand: copies come
/// back byte-swapped, zero-copy access is refused for multi-byte types.
/// </summary>
public sealed class BigEndianTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _prefix;

    public BigEndianTests()
    {
        var builder = new BundleBuilder();
        builder.Header.Endianness = BundleHeaderProto.Types.Endianness.Big;
        builder.AddTensor("f32", DataType.DtFloat, new long[] { 3 }, BigEndian(4, Values.Bytes(1.5f, -2f, 1e30f)));
        builder.AddTensor("i16", DataType.DtInt16, new long[] { 2 }, BigEndian(2, Values.Bytes<short>(0x0102, -2)));
        builder.AddTensor("c64", DataType.DtComplex64, new long[] { 1 }, BigEndian(4, Values.Bytes(3f, -4f)));
        builder.AddTensor("i64", DataType.DtInt64, new long[] { 1 }, BigEndian(8, Values.Bytes(0x0102030405060708L)));
        builder.AddTensor("u8", DataType.DtUint8, new long[] { 3 }, new byte[] { 1, 2, 3 });
        builder.AddPartitioned("part", DataType.DtInt32, new long[] { 2, 2 }, Messages.Slice((0, 1), (0, null)), Messages.Slice((1, 1), (0, null)));
        builder.AddSlice("part", Messages.Slice((0, 1), (0, null)), DataType.DtInt32, new long[] { 1, 2 }, BigEndian(4, Values.Bytes(1, 2)));
        builder.AddSlice("part", Messages.Slice((1, 1), (0, null)), DataType.DtInt32, new long[] { 1, 2 }, BigEndian(4, Values.Bytes(3, 4)));
        _prefix = builder.Write(_dir.Path);
    }

    [Fact]
    public void Copies_are_swapped_to_the_machine_order()
    {
        using var checkpoint = Checkpoint.Open(_prefix);

        Assert.Equal(new[] { 1.5f, -2f, 1e30f }, checkpoint.Read<float>("f32"));
        Assert.Equal(new short[] { 0x0102, -2 }, checkpoint.Read<short>("i16"));
        Assert.Equal(new Complex64(3f, -4f), Assert.Single(checkpoint.Read<Complex64>("c64")));
        Assert.Equal(0x0102030405060708L, Assert.Single(checkpoint.Read<long>("i64")));
        Assert.Equal(new[] { 1, 2, 3, 4 }, checkpoint.Read<int>("part"));
        Assert.Empty(checkpoint.VerifyAll());
    }

    [Fact]
    public void Zero_copy_is_refused_for_multi_byte_types_and_allowed_for_bytes()
    {
        using var checkpoint = Checkpoint.Open(_prefix);

        var error = Assert.Throws<NotSupportedException>(() => checkpoint.GetSpan<float>("f32").ToArray());

        Assert.Contains("big-endian", error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1, 2, 3 }, checkpoint.GetSpan<byte>("u8").ToArray());
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Reverses each <paramref name="unit"/>-byte scalar: the bytes a big-endian machine writes.</summary>
    private static byte[] BigEndian(int unit, byte[] little)
    {
        var swapped = (byte[])little.Clone();
        for (var i = 0; i < swapped.Length; i += unit)
        {
            swapped.AsSpan(i, unit).Reverse();
        }
        return swapped;
    }
}
