using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Errors;

/// <summary>Graphs the compiler cannot compile give CG1xxx build errors naming the node, the op and the chain to the output; never an internal error or a hang.</summary>
public class BadGraphTests
{
    private static string Write(GraphDefBuilder graph) => Write(graph.ToBytes());

    private static string Write(byte[] graph)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-bad-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph);
        return path;
    }

    /// <summary>x (a batch of rows of <paramref name="row"/>) plus a Const holding one value for the shape <paramref name="dims"/> (a splat, no tensor_content).</summary>
    private static string PlusSplat(long row, params long[] dims)
    {
        var splat = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto() };
        splat.TensorShape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        splat.FloatVal.Add(0f);
        return Write(GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, row))
            .Node("splat", "Const", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = splat }))
            .Node("out", "AddV2", ["x", "splat"], ("T", Type(DataType.DtFloat))).Bytes());
    }

    [Fact]
    public void An_unsupported_op_names_the_node_the_op_and_the_chain_to_the_output()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Erfinv", "odd", ["x"]).Op("Relu", "out", ["odd"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'odd'", error.Message);
        Assert.Contains("Erfinv", error.Message);
        Assert.Contains("odd (Erfinv) → out (Relu)", error.Message);
    }

    [Fact]
    public void A_cycle_is_an_error_not_a_hang()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Add", "a", ["x", "b"]).Op("Relu", "b", ["a"]).Op("Relu", "out", ["b"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1041", error.Code);
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void A_missing_input_and_an_unknown_output_are_errors()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Add", "out", ["x", "nowhere"]));

        Assert.Equal("CG1042", Assert.Single(CompiledModel.Diagnose(path, "out")).Code);
        Assert.Contains("'typo'", Assert.Single(CompiledModel.Diagnose(path, "typo")).Message);
    }

    [Fact]
    public void An_absurd_shape_is_an_error_not_an_allocation()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4)
            .Const("huge", [1f], 1L << 20, 1L << 20)
            .Op("Add", "out", ["x", "huge"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1043", error.Code);
    }

    [Fact]
    public void An_unfed_placeholder_asks_for_inputs()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Placeholder("y", -1, 4).Op("Add", "out", ["x", "y"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out", inputs: "x"));

        Assert.Equal("CG1042", error.Code);
        Assert.Contains("'y'", error.Message);
    }
    [Fact]
    public void A_splat_constant_of_absurd_size_is_an_error_not_an_allocation()
    {
        // One stored value standing for 2^28 elements: 1 GiB if expanded.
        var path = PlusSplat(1 << 14, 1 << 14, 1 << 14);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L << 20);
        Assert.Equal("CG1043", error.Code);
        Assert.Contains("'splat'", error.Message);
    }

    [Fact]
    public void Fill_of_absurd_size_is_an_error_not_an_allocation()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Const("dims", [1 << 15, 1 << 15], 2).Const("one", [1f])
            .Op("Fill", "filled", ["dims", "one"]).Op("AddV2", "out", ["x", "filled"]));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L << 20);
        Assert.Equal("CG1043", error.Code);
        Assert.Contains("'filled'", error.Message);
    }

    [Fact]
    public void A_dimension_that_overflows_the_element_count_is_an_error()
    {
        // 65536 × (2^63 - 1) wraps to a small count in 64-bit arithmetic.
        var path = PlusSplat(4, 65536, long.MaxValue);

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("'splat'", error.Message);
    }

    [Fact]
    public void An_axis_that_is_not_one_value_is_an_error()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Const("axis", [1, 1], 2).Op("ConcatV2", "out", ["x", "x", "axis"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("must be a single value", error.Message);
    }

    public static TheoryData<string, byte[], string, string> BadAttributes => new()
    {
        { "perm not a permutation", new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("perm", [0, 1, 1], 3).Op("Transpose", "out", ["x", "perm"]).ToBytes(), "CG1043", "not a permutation" },
        { "perm moving the batch", new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("perm", [1, 0, 2], 3).Op("Transpose", "out", ["x", "perm"]).ToBytes(), "CG1040", "batch must stay first" },
        { "split sizes not adding up", new GraphDefBuilder().Placeholder("x", -1, 5).Const("sizes", [2, 2], 2).Const("axis", [1]).Op("SplitV", "out", ["x", "sizes", "axis"], ("num_split", Int(2))).ToBytes(), "CG1043", "do not add up" },
        { "split into unequal parts", new GraphDefBuilder().Placeholder("x", -1, 5).Const("axis", [1]).Op("Split", "out", ["axis", "x"], ("num_split", Int(2))).ToBytes(), "CG1043", "equal parts" },
        { "axis out of range", new GraphDefBuilder().Placeholder("x", -1, 3, 4).Op("Unpack", "out", ["x"], ("num", Int(3)), ("axis", Int(3))).ToBytes(), "CG1043", "outside a tensor of rank 3" },
        { "slicing the batch", new GraphDefBuilder().Placeholder("x", -1, 4).Const("b", [1, 0], 2).Const("s", [-1, -1], 2).Op("Slice", "out", ["x", "b", "s"]).ToBytes(), "CG1040", "batch must be kept whole" },
        { "slice past the end", new GraphDefBuilder().Placeholder("x", -1, 4).Const("b", [0, 3], 2).Const("s", [-1, 2], 2).Op("Slice", "out", ["x", "b", "s"]).ToBytes(), "CG1043", "outside its 4 elements" },
        { "stride 0", new GraphDefBuilder().Placeholder("x", -1, 4).Const("b", [0, 0], 2).Const("e", [0, 4], 2).Const("s", [1, 0], 2).Op("StridedSlice", "out", ["x", "b", "e", "s"], ("begin_mask", Int(1)), ("end_mask", Int(1))).ToBytes(), "CG1043", "stride 0" },
        { "tiling the batch", new GraphDefBuilder().Placeholder("x", -1, 4).Const("m", [2, 1], 2).Op("Tile", "out", ["x", "m"]).ToBytes(), "CG1040", "cannot be tiled" },
        { "mirror padding wider than the axis", new GraphDefBuilder().Placeholder("x", -1, 3).Const("p", [0, 0, 3, 0], 2, 2).Op("MirrorPad", "out", ["x", "p"], ("mode", String("REFLECT"))).ToBytes(), "CG1043", "REFLECT pads at most 2" },
        { "paddings of the wrong shape", new GraphDefBuilder().Placeholder("x", -1, 4).Const("p", [0, 0, 1], 3).Op("Pad", "out", ["x", "p"]).ToBytes(), "CG1043", "[2, 2] non-negative paddings" },
        { "reversing the batch", new GraphDefBuilder().Placeholder("x", -1, 3).Const("axis", [0], 1).Op("ReverseV2", "out", ["x", "axis"]).ToBytes(), "CG1040", "batch must stay first" },
    };

    [Theory]
    [MemberData(nameof(BadAttributes))]
    public void A_bad_attribute_is_a_build_error_naming_the_node(string what, byte[] graph, string code, string message)
    {
        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), "out"));

        Assert.True(error.Code == code, $"{what}: {error.Code} {error.Message}");
        Assert.Contains("node 'out'", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_float32_kernel_on_an_integer_value_is_an_error_naming_the_node_not_code_that_does_not_compile()
    {
        // Softmax of an int32 tensor: TensorFlow itself refuses it; a malformed graph must not reach the printer.
        var graph = GraphEdit.Parse(new GraphDefBuilder()).Placeholder("ids", Protos.DataType.DtInt32, -1, 4)
            .Node("out", "Softmax", ["ids"], ("T", GraphDefBuilder.Type(Protos.DataType.DtInt32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-bad-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'out' (Softmax)", error.Message);
        Assert.Contains("int32", error.Message);
    }
}
