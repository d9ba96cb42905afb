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
}
