using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>Data movement at run time (Transpose, Tile, Pad, slices, splits, packing, Fill) and N-d broadcasting, against TensorFlow.js.</summary>
public partial class OpOracleTests
{
    private const DataType I32 = DataType.DtInt32;

    private static GraphDef WithInts(GraphDefBuilder builder) => GraphEdit.Parse(builder);

    [Theory]
    [InlineData(new long[] { -1, 3, 4 }, new[] { 0, 2, 1 })]
    [InlineData(new long[] { -1, 2, 3, 4 }, new[] { 0, 3, 1, 2 })]
    [InlineData(new long[] { 2, 3, 4 }, new[] { 2, 0, 1 })]
    public void Transpose_equals_tensorflow(long[] shape, int[] perm)
    {
        var graph = new GraphDefBuilder().Placeholder("x", shape).Const("perm", perm, perm.Length)
            .Op("Transpose", "y", ["x", "perm"], ("Tperm", Type(I32)));

        var program = Check(graph, "y", ("x", Close.Random(Count(shape), 101), Concrete(shape)));

        Assert.Equal("Strided", Assert.Single(program.Steps, s => s.Kernel != "Copy").Kernel);
    }

    [Fact]
    public void Tile_equals_tensorflow()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 2, 2).Const("m", [1, 2, 3], 3).Op("Tile", "y", ["x", "m"], ("Tmultiples", Type(I32)));

        Check(graph, "y", ("x", Close.Random(Batch * 4, 102), [Batch, 2, 2]));
    }

    [Theory]
    [InlineData("Pad")]
    [InlineData("PadV2")]
    public void Pad_equals_tensorflow(string op)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 2, 3).Const("p", [0, 0, 1, 2, 2, 0], 3, 2).Const("v", [1.5f]);
        graph.Op(op, "y", op == "Pad" ? ["x", "p"] : ["x", "p", "v"], ("Tpaddings", Type(I32)));

        Check(graph, "y", ("x", Close.Random(Batch * 6, 103), [Batch, 2, 3]));
    }

    [Theory]
    [InlineData("REFLECT", false)]
    [InlineData("SYMMETRIC", false)]
    [InlineData("REFLECT", true)]
    public void MirrorPad_equals_tensorflow(string mode, bool constantInput)
    {
        // A constant input folds at build time, then meets the fed value.
        var graph = new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("p", [0, 0, 2, 1, 1, 3], 3, 2).Const("c", Close.Random(12, 113), 1, 3, 4);
        graph.Op("MirrorPad", "m", [constantInput ? "c" : "x", "p"], ("Tpaddings", Type(I32)), ("mode", String(mode)));
        if (constantInput)
        {
            graph.Const("p2", [0, 0, 2, 1, 1, 3], 3, 2).Op("Pad", "xp", ["x", "p2"], ("Tpaddings", Type(I32))).Op("AddV2", "y", ["xp", "m"]);
        }

        Check(graph, constantInput ? "y" : "m", ("x", Close.Random(Batch * 12, 114), [Batch, 3, 4]));
    }

    [Fact]
    public void Slice_equals_tensorflow()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 3).Const("b", [0, 1, 1], 3).Const("s", [-1, 2, -1], 3)
            .Op("Slice", "y", ["x", "b", "s"], ("Index", Type(I32)));

        Check(graph, "y", ("x", Close.Random(Batch * 12, 104), [Batch, 4, 3]));
    }

    public static TheoryData<string, int[], int[], int[], int, int, int, int, int> StridedSlices => new()
    {
        // x[:, 1:4:2, ::-1]
        { "steps and reversal", [0, 1, 0], [0, 4, 0], [1, 2, -1], 0b101, 0b101, 0, 0, 0 },
        // x[:, -1]
        { "shrink", [0, -1], [0, 0], [1, 1], 1, 1, 0, 0, 0b10 },
        // x[..., 2:]
        { "ellipsis", [0, 2], [0, 0], [1, 1], 0, 0b10, 0b1, 0, 0 },
        // x[:, tf.newaxis, 1:3]
        { "new axis", [0, 0, 1], [0, 0, 3], [1, 1, 1], 1, 1, 0, 0b10, 0 },
        // x[:, -2:0:-1, 4::-3]
        { "negative strides", [0, -2, 4], [0, 0, 0], [1, -1, -3], 1, 0b101, 0, 0, 0 },
        // x[:, 1:100, -100:3]: clamped ends
        { "clamping", [0, 1, -100], [0, 100, 3], [1, 1, 1], 1, 1, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(StridedSlices))]
    public void StridedSlice_equals_tensorflow(string what, int[] begin, int[] end, int[] strides, int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkMask)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 5, 6)
            .Const("b", begin, begin.Length).Const("e", end, end.Length).Const("s", strides, strides.Length)
            .Op("StridedSlice", "y", ["x", "b", "e", "s"], ("Index", Type(I32)), ("begin_mask", Int(beginMask)), ("end_mask", Int(endMask)),
                ("ellipsis_mask", Int(ellipsisMask)), ("new_axis_mask", Int(newAxisMask)), ("shrink_axis_mask", Int(shrinkMask)));

        Check(graph, "y", ("x", Close.Random(Batch * 30, 105 + what.Length), [Batch, 5, 6]));
    }

    [Fact]
    public void Split_and_concat_in_another_order_equal_tensorflow()
    {
        var graph = WithInts(new GraphDefBuilder().Placeholder("x", -1, 2, 6).Const("axis", [2]).Const("caxis", [1]))
            .Node("s", "Split", ["axis", "x"], ("T", Type(DataType.DtFloat)), ("num_split", Int(3)))
            .Node("y", "ConcatV2", ["s:2", "s:0", "s:1", "caxis"], ("T", Type(DataType.DtFloat)), ("N", Int(3)), ("Tidx", Type(I32)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 12, 106), [Batch, 2, 6]));
    }

    [Fact]
    public void SplitV_with_an_inferred_size_equals_tensorflow()
    {
        var graph = WithInts(new GraphDefBuilder().Placeholder("x", -1, 5, 3).Const("sizes", [1, -1, 2], 3).Const("axis", [1]).Const("caxis", [1]))
            .Node("s", "SplitV", ["x", "sizes", "axis"], ("T", Type(DataType.DtFloat)), ("num_split", Int(3)), ("Tlen", Type(I32)))
            .Node("y", "ConcatV2", ["s:1", "s:2", "s:0", "caxis"], ("T", Type(DataType.DtFloat)), ("N", Int(3)), ("Tidx", Type(I32)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 15, 107), [Batch, 5, 3]));
    }

    [Fact]
    public void Unpack_and_pack_along_inner_axes_equal_tensorflow()
    {
        var graph = WithInts(new GraphDefBuilder().Placeholder("x", -1, 3, 4))
            .Node("u", "Unpack", ["x"], ("T", Type(DataType.DtFloat)), ("num", Int(3)), ("axis", Int(1)))
            .Node("y", "Pack", ["u:2", "u:0", "u:1"], ("T", Type(DataType.DtFloat)), ("N", Int(3)), ("axis", Int(2)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 12, 108), [Batch, 3, 4]));
    }

    [Fact]
    public void Fill_of_the_batch_shape_equals_tensorflow()
    {
        var graph = WithInts(new GraphDefBuilder().Placeholder("x", -1, 4).Const("v", [0.5f]))
            .Node("shape", "Shape", ["x"], ("T", Type(DataType.DtFloat)), ("out_type", Type(I32)))
            .Node("f", "Fill", ["shape", "v"], ("T", Type(DataType.DtFloat)), ("index_type", Type(I32)))
            .Node("y", "Mul", ["f", "x"], ("T", Type(DataType.DtFloat)));

        Check(graph.Bytes(), "y", ("x", Close.Random(Batch * 4, 109), [Batch, 4]));
    }

    [Theory]
    [InlineData(new long[] { -1, 1, 3 }, new long[] { -1, 4, 3 }, "BroadcastBinary")]
    [InlineData(new long[] { -1, 4 }, new long[] { 4 }, "Binary")]
    [InlineData(new long[] { -1, 2, 3 }, new long[] { 2, 1 }, "Binary")]
    public void Broadcasting_keeps_the_fast_modes_and_walks_the_rest(long[] xShape, long[] yShape, string kernel)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-op-").FullName, "graph.pb");
        var graph = new GraphDefBuilder().Placeholder("x", xShape);
        graph = yShape[0] < 0 ? graph.Placeholder("y", yShape) : graph.Const("y", Close.Random(Count(yShape), 5), yShape);
        File.WriteAllBytes(path, graph.Op("AddV2", "z", ["x", "y"]).ToBytes());

        using var model = CompiledModel.Build(path, "z", yShape[0] < 0 ? "x;y" : "x");

        Assert.Equal(kernel, Assert.Single(model.Program.Steps).Kernel);
    }

    private static int Count(long[] shape) => Concrete(shape).Aggregate(1, (a, d) => a * d);
}
