using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Legacy V1 checkpoints (SavedTensorSlices tables) with a bad meta entry or slice data.</summary>
public sealed class V1Tests
{
    private const string FileName = "model.ckpt";

    public static TheoryData<string, string> BadMetas() => new()
    {
        { "unsupported dtype", "unsupported dtype 99" },
        { "negative dimension", "dimension 0 is -3" },
        { "slice past the dimension", "slice extent 0 [1, 1+4) exceeds dimension size 4" },
        { "slice listed twice", "slice 0,4 is listed twice" },
        { "no slices", "slices hold 0 of the 4 elements" },
    };

    [Fact]
    public void Crafted_partitioned_v1_file_reads_back()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(FileName);
        File.WriteAllBytes(path, V1TableFile.Build(
            Meta("w", DataType.DtFloat, new long[] { 2, 2 }, Messages.Slice((0, 1), (0, null)), Messages.Slice((1, 1), (0, null))),
            new[] { Floats("w", Messages.Slice((0, 1), (0, null)), 1f, 2f), Floats("w", Messages.Slice((1, 1), (0, null)), 3f, 4f) }));

        using var checkpoint = Checkpoint.Open(path);

        Assert.Equal(CheckpointFormat.V1, checkpoint.Format);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, checkpoint.Read<float>("w"));
    }

    [Theory]
    [MemberData(nameof(BadMetas))]
    public void Bad_meta_is_refused_at_open_naming_the_tensor(string what, string reason)
    {
        var meta = what switch
        {
            "unsupported dtype" => Meta("w", (DataType)99, new long[] { 4 }, Messages.Slice((0, 4))),
            "negative dimension" => Meta("w", DataType.DtFloat, new long[] { -3 }, Messages.Slice((0, null))),
            "slice past the dimension" => Meta("w", DataType.DtFloat, new long[] { 4 }, Messages.Slice((1, 4))),
            "slice listed twice" => Meta("w", DataType.DtFloat, new long[] { 4 }, Messages.Slice((0, 4)), Messages.Slice((0, 4))),
            _ => Meta("w", DataType.DtFloat, new long[] { 4 }),
        };
        var data = meta.Tensor[0].Slice.Count > 0 ? new[] { Floats("w", Messages.Slice((0, 4)), 1f, 2f, 3f, 4f) } : Array.Empty<SavedSlice>();

        Refused(meta, data, reason, "w");
    }

    [Fact]
    public void Missing_meta_entry_is_refused() =>
        Refused(null, new[] { Floats("w", Messages.Slice((0, 1)), 1f) }, "data entry before the meta entry");

    [Fact]
    public void Empty_table_is_refused() =>
        Expect.TableRefused(TableBuilder.FromEntries(Array.Empty<TableEntry>()).Build(), "V1 checkpoint has no meta entry (empty key): the table is empty", fileName: FileName);

    [Fact]
    public void Empty_key_holding_slice_data_instead_of_meta_is_refused()
    {
        var entry = new TableEntry(Array.Empty<byte>(), new SavedTensorSlices { Data = Floats("w", Messages.Slice((0, 1)), 1f) }.ToByteArray());

        Expect.TableRefused(TableBuilder.FromEntries(new[] { entry }).Build(), "the empty key holds no SavedTensorSliceMeta", fileName: FileName);
    }

    [Fact]
    public void Meta_that_is_not_a_protobuf_is_refused()
    {
        var entry = new TableEntry(Array.Empty<byte>(), new byte[] { 0x0a, 0x7f, 0x00 });

        var error = Expect.TableRefused(TableBuilder.FromEntries(new[] { entry }).Build(), "entry is not a SavedTensorSlices message", fileName: FileName);

        Assert.IsType<InvalidProtocolBufferException>(error.InnerException);
    }

    [Fact]
    public void Slice_data_the_meta_does_not_list_is_refused() =>
        Refused(
            Meta("w", DataType.DtFloat, new long[] { 2 }, Messages.Slice((0, 2))),
            new[] { Floats("w", Messages.Slice((0, 2)), 1f, 2f), Floats("w", Messages.Slice((1, 1)), 2f) },
            "slice 1,1 is not listed in the meta entry",
            "w");

    [Fact]
    public void Slice_data_for_an_unlisted_tensor_is_refused() =>
        Refused(
            Meta("w", DataType.DtFloat, new long[] { 1 }, Messages.Slice((0, 1))),
            new[] { Floats("w", Messages.Slice((0, 1)), 1f), Floats("x", Messages.Slice((0, 1)), 1f) },
            "slice data for a tensor the meta entry does not list",
            "x");

    [Fact]
    public void Listed_slice_without_data_is_refused() =>
        Refused(
            Meta("w", DataType.DtFloat, new long[] { 2 }, Messages.Slice((0, 1)), Messages.Slice((1, 1))),
            new[] { Floats("w", Messages.Slice((0, 1)), 1f) },
            "slice 1,1 is listed in the meta entry but has no data entry",
            "w");

    [Theory]
    [InlineData(1L << 28, 1)]
    [InlineData(4L, 3)]
    [InlineData(4L, 5)]
    public void Slice_holding_another_number_of_values_than_its_elements_is_refused_at_open(long elements, int values)
    {
        var meta = Meta("w", DataType.DtFloat, new long[] { elements }, Messages.Slice((0, null)));
        var data = new[] { Floats("w", Messages.Slice((0, null)), Enumerable.Repeat(1f, values).ToArray()) };

        var before = GC.GetAllocatedBytesForCurrentThread();
        Refused(meta, data, $"slice - holds {values} values for {elements} elements", "w");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Tensor_content_of_the_wrong_length_is_refused()
    {
        var slice = new SavedSlice { Name = "w", Slice = Messages.Slice((0, 2)), Data = new TensorProto { Dtype = DataType.DtFloat, TensorContent = ByteString.CopyFrom(1, 2, 3) } };

        Refused(Meta("w", DataType.DtFloat, new long[] { 2 }, Messages.Slice((0, 2))), new[] { slice }, "slice 0,2 has tensor_content of 3 bytes; 2 float32 elements take 8", "w");
    }

    [Fact]
    public void Real_v1_fixture_reads()
    {
        using var checkpoint = Checkpoint.Open(CheckpointGen.Tests.FixturePaths.Get("serving-session_bundle_half_plus_two/00000123/export-00000-of-00001"));

        Assert.Equal(new[] { "a", "b" }, checkpoint.Variables.Select(v => v.Name));
        Assert.Equal(new[] { 0.5f }, checkpoint.Read<float>("a"));
        Assert.Equal(new[] { 2f }, checkpoint.Read<float>("b"));
    }

    private static void Refused(SavedTensorSliceMeta? meta, SavedSlice[] slices, string reason, string? tensor = null) =>
        Expect.TableRefused(V1TableFile.Build(meta, slices), reason, tensor, FileName);

    private static SavedTensorSliceMeta Meta(string name, DataType type, long[] shape, params TensorSliceProto[] slices)
    {
        var tensor = new SavedSliceMeta { Name = name, Type = type, Shape = Messages.Shape(shape) };
        tensor.Slice.AddRange(slices);
        var meta = new SavedTensorSliceMeta();
        meta.Tensor.Add(tensor);
        return meta;
    }

    private static SavedSlice Floats(string name, TensorSliceProto slice, params float[] values)
    {
        var data = new TensorProto { Dtype = DataType.DtFloat };
        data.FloatVal.AddRange(values);
        return new SavedSlice { Name = name, Slice = slice, Data = data };
    }
}
