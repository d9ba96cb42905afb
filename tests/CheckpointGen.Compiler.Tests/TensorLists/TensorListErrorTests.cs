using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>TensorLists the compiler cannot hold in one build-time-sized buffer, and lists or time-major views reaching ops that would misread them, are build errors naming the node.</summary>
public class TensorListErrorTests
{
    private static GraphDef Graph() =>
        GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4, 3))
            .ShapeConst("perm", 1, 0, 2)
            .Transpose("time_major", "x", "perm")
            .ShapeConst("item_shape", -1, 3)
            .IntConst("zero", 0);

    [Fact]
    public void A_list_of_a_run_time_length_is_CG1058_naming_the_node()
    {
        var graph = Graph()
            .Placeholder("n", DataType.DtInt32)
            .Reserve("out", "item_shape", "n")
            .Stack("stacked", "out", "item_shape")
            .Transpose("y", "stacked", "perm");

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "y", "x;n"));

        Assert.Equal("CG1058", error.Code);
        Assert.Contains("'out' (TensorListReserve)", error.Message);
        Assert.Contains("num_elements", error.Message);
    }

    [Fact]
    public void Items_of_an_unknown_dimension_besides_the_batch_are_CG1058()
    {
        var graph = Graph()
            .ShapeConst("loose", -1, -1).IntConst("four", 4)
            .Reserve("out", "loose", "four")
            .Stack("stacked", "out", "item_shape")
            .Transpose("y", "stacked", "perm");

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "y", "x"));

        Assert.Equal("CG1058", error.Code);
        Assert.Contains("'out'", error.Message);
    }

    [Fact]
    public void A_list_over_the_batch_is_CG1058()
    {
        var graph = Graph()
            .FromTensor("list", "x", "item_shape")
            .GetItem("y", "list", "zero", "item_shape");

        Assert.Equal("CG1058", Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "y", "x")).Code);
    }

    /// <summary>A time-major view is held batch-major: an op that does not know that would compute on the wrong layout, so it is refused.</summary>
    [Fact]
    public void A_time_major_sequence_read_by_another_op_is_CG1040_naming_it()
    {
        var graph = Graph().Node("bad", "Relu", ["time_major"], ("T", GraphDefBuilder.Type(DataType.DtFloat)));

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "bad", "x"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'bad' (Relu)", error.Message);
        Assert.Contains("time-major", error.Message);
    }

    /// <summary>Slicing a time-major view other than by one step (here: a range of steps, and an empty spec) is refused, never computed on the batch-major buffer.</summary>
    [Theory]
    [InlineData(new[] { 1 }, 0L)]
    [InlineData(new int[0], 0L)]
    public void Slicing_a_time_major_sequence_but_by_one_step_is_CG1040(int[] begin, long shrink)
    {
        var graph = Graph().ShapeConst("b", begin).ShapeConst("e", begin.Select(b => b + 2).ToArray()).ShapeConst("s", begin.Select(_ => 1).ToArray())
            .Node("part", "StridedSlice", ["time_major", "b", "e", "s"], ("T", GraphDefBuilder.Type(DataType.DtFloat)), ("Index", GraphDefBuilder.Type(DataType.DtInt32)), ("shrink_axis_mask", GraphDefBuilder.Int(shrink)));

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "part", "x"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'part' (StridedSlice)", error.Message);
    }

    [Fact]
    public void A_time_major_output_is_CG1040()
    {
        Assert.Equal("CG1040", Assert.Single(CompiledModel.Diagnose(Graph().WriteTemp(), "time_major", "x")).Code);
    }

    [Fact]
    public void An_item_of_another_shape_is_CG1043()
    {
        var graph = Graph()
            .FromTensor("list", "time_major", "item_shape")
            .GetItem("item", "list", "zero", "item_shape")
            .ShapeConst("two", 0, 0).ShapeConst("size", -1, 2)
            .Node("narrow", "Slice", ["item", "two", "size"], ("T", GraphDefBuilder.Type(DataType.DtFloat)), ("Index", GraphDefBuilder.Type(DataType.DtInt32)))
            .SetItem("set", "list", "zero", "narrow")
            .Stack("stacked", "set", "item_shape")
            .Transpose("y", "stacked", "perm");

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), "y", "x"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("'set' (TensorListSetItem)", error.Message);
    }
}
