using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Index entries whose dtype or shape TensorFlow refuses (FORMAT.md §7, CVE-2021-41203).</summary>
public sealed class ShapeAndDtypeTests
{
    [Fact]
    public void Crafted_checkpoint_reads_back_so_the_failures_below_are_the_spoiled_field()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder { Snappy = true };
        builder.AddTensor("w", DataType.DtFloat, new long[] { 2, 2 }, Values.Bytes(1f, 2f, 3f, 4f));
        builder.AddStrings("s", new long[] { 2 }, Wire.Utf8("ab"), Wire.Utf8("c"));
        var prefix = builder.Write(dir.Path);

        using var checkpoint = Checkpoint.Open(prefix);

        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, checkpoint.Read<float>("w"));
        Assert.Equal(new[] { "ab", "c" }, checkpoint.ReadStrings("s").Select(System.Text.Encoding.UTF8.GetString));
        Assert.Empty(checkpoint.VerifyAll());
    }

    [Theory]
    [InlineData(new long[] { 0, 1L << 32, 1L << 32 })]
    [InlineData(new long[] { 1L << 62, 4 })]
    public void Element_count_overflow_is_refused_at_open(long[] dims)
    {
        var error = Expect.IndexRefused(b => b.AddTensor("big", DataType.DtFloat, dims, Values.Bytes(0f)), "overflows a 64-bit integer", "big");

        Assert.NotNull(error.Offset);
    }

    [Fact]
    public void Negative_dimension_is_refused() =>
        Expect.IndexRefused(b => b.AddTensor("neg", DataType.DtFloat, new long[] { 3, -1 }, Values.Bytes(0f)), "dimension 1 is -1", "neg");

    [Fact]
    public void Unknown_rank_is_refused() =>
        Expect.IndexRefused(
            b => b.AddTensor("unknown", DataType.DtFloat, Array.Empty<long>(), Values.Bytes(0f)).Shape = new TensorShapeProto { UnknownRank = true },
            "unknown rank",
            "unknown");

    [Fact]
    public void Missing_shape_means_a_scalar_so_a_larger_size_is_refused() =>
        Expect.IndexRefused(
            b => b.AddTensor("noshape", DataType.DtFloat, Array.Empty<long>(), Values.Bytes(1f, 2f)).Shape = null,
            "size is 8 bytes; a float32 [] tensor takes 4",
            "noshape");

    [Fact]
    public void Missing_dtype_is_refused() =>
        Expect.IndexRefused(b => b.AddTensor("untyped", DataType.DtInvalid, new long[] { 1 }, Values.Bytes(0f)), "entry has no dtype", "untyped");

    [Theory]
    [InlineData(26)]
    [InlineData(99)]
    [InlineData(101)]
    [InlineData(-1)]
    public void Unsupported_dtype_numbers_are_refused(int dtype) =>
        Expect.IndexRefused(b => b.AddTensor("odd", (DataType)dtype, new long[] { 1 }, Values.Bytes(0f)), $"unsupported dtype {dtype}", "odd");
}
