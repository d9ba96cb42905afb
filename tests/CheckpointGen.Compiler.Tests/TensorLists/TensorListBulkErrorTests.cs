using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// What the gather, scatter, concat, split and resize ops cannot hold in one build-time-sized buffer
/// (CG1058), what would move the batch (CG1040) and shapes that do not fit (CG1043): build errors naming the node.
/// </summary>
public class TensorListBulkErrorTests
{
    private static GraphDef Graph() =>
        GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4, 3))
            .ShapeConst("perm", 1, 0, 2)
            .Transpose("time_major", "x", "perm")
            .ShapeConst("item_shape", -1, 3)
            .IntConst("zero", 0)
            .FromTensor("in", "time_major", "item_shape")
            .Placeholder("n", DataType.DtInt32);

    public static TheoryData<string, string, string> Cases => new()
    {
        { "resize", "CG1058", "size known only at run time" },
        { "grow", "CG1058", "resize_if_index_out_of_bounds" },
        { "scatter", "CG1058", "indices known only at run time" },
        { "split_unequal", "CG1058", "items of different lengths" },
        { "concat_batched", "CG1040", "along their batch" },
        { "gather_out_of_range", "CG1043", "indexes item 4 of a list of 4" },
        { "pop_empty", "CG1043", "pops an item from an empty list" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lists_this_version_cannot_size_or_lay_out_are_errors_naming_the_node(string node, string code, string message)
    {
        var graph = Graph()
            .ListOp("TensorListResize", "resize", ["in", "n"])
            .ListOp("TensorListSetItem", "grow", ["in", "n", "x0"], attributes: ("resize_if_index_out_of_bounds", Bool(true)))
            .GetItem("x0", "in", "zero", "item_shape")
            .ShapeConst("where", 0, 1).Placeholder("where_fed", DataType.DtInt32, 2)
            .ListOp("TensorListGather", "rows", ["in", "where", "item_shape"])
            .ListOp("TensorListScatter", "scatter", ["rows", "where_fed", "item_shape"])
            .Node("table", "Const", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = 5 } } }, FloatVal = { 1, 2, 3, 4, 5 } } }))
            .LongConst("lengths", 2, 3).IntConst("any_shape", -1)
            .ListOp("TensorListSplit", "split_unequal", ["table", "any_shape", "lengths"])
            .ListOp("TensorListConcatV2", "concat_batched", ["in", "item_shape", "lengths"])
            .ShapeConst("bad", 1, 4)
            .ListOp("TensorListGather", "gather_out_of_range", ["in", "bad", "item_shape"])
            .IntConst("none", 0)
            .ListOp("TensorListResize", "empty", ["in", "none"])
            .ListOp("TensorListPopBack", "pop_empty", ["empty", "item_shape"]);
        var output = node == "pop_empty" ? "pop_empty:1" : node;

        var error = Assert.Single(CompiledModel.Diagnose(graph.WriteTemp(), output, node == "scatter" ? "x;where_fed" : "x;n"));

        Assert.Equal(code, error.Code);
        Assert.Contains($"'{node}' (", error.Message);
        Assert.Contains(message, error.Message);
    }
}
