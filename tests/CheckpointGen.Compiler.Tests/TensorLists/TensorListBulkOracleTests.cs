using CheckpointGen.Compiler.Tests.ControlFlow;
using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// The TensorList ops tf.TensorArray's gather, scatter, concat, split, resize and push/pop lower to,
/// compiled and run through the generated method against TensorFlow.js on the same graph (TensorFlow.js
/// mutates a list object in place, so each list these graphs write is read by that writer alone).
/// </summary>
public class TensorListBulkOracleTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Features = 3;

    /// <summary>
    /// Lists of batched items (Keras' time-major input): gathered in another order (a time-major
    /// tensor), scattered into a new list, shrunk, grown (TensorFlow.js grows only lists made without a bound) and filled, pushed onto and popped.
    /// </summary>
    [Fact]
    public void Gather_scatter_resize_push_and_pop_of_batched_items_equal_tensorflow()
    {
        var graph = TimeMajorGraph()
            .ShapeConst("pick", 3, 0, 2)
            .ListOp("TensorListGather", "g", ["in", "pick", "item_shape"])
            .Transpose("yg", "g", "perm")
            .ShapeConst("order", 2, 0, 1).IntConst("three_items", 3)
            .ListOp("TensorListScatterV2", "s", ["g", "order", "item_shape", "three_items"])
            .Stack("s_stacked", "s", "item_shape").Transpose("ys", "s_stacked", "perm")
            .IntConst("two_items", 2).IntConst("five_items", 5).IntConst("four", 4)
            .ListOp("TensorListResize", "small", ["s", "two_items"])
            .Stack("small_stacked", "small", "item_shape").Transpose("yr", "small_stacked", "perm")
            .GetItem("x1", "in", "one", "item_shape")
            .ListOp("TensorListResize", "big", ["in", "five_items"])
            .SetItem("big_4", "big", "four", "x1")
            .Stack("big_stacked", "big_4", "item_shape").Transpose("yb", "big_stacked", "perm")
            .ListOp("TensorListResize", "small2", ["s", "two_items"])
            .ListOp("TensorListPushBack", "pushed", ["small2", "x1"])
            .Stack("pushed_stacked", "pushed", "item_shape").Transpose("yp", "pushed_stacked", "perm")
            .ListOp("TensorListResize", "same", ["s", "three_items"])
            .ListOp("TensorListPopBack", "pop", ["same", "item_shape"])
            .Stack("popped_stacked", "pop", "item_shape").Transpose("ypl", "popped_stacked", "perm");
        var x = Close.Random(Batch * Steps * Features, 71);

        // TensorFlow.js's PopBack returns the item alone, as its output 0, and pops the list object in place.
        using var model = Check(graph, ["x"], [x], [OracleTensor.Float(x, Batch, Steps, Features)], ["yg", "ys", "yr", "yb", "yp", "pop:1", "ypl"], ["yg", "ys", "yr", "yb", "yp", "pop"]);

        // The list popped is the first two items, as the list shrunk to two.
        var y = model.RunTyped(Batch, x);
        Assert.Equal(y[2], y[6]);

        Assert.Equal(new long[] { PlanValue.Batch, 3, Features }, model.Program.Results[0].Dims.ToArray());
        Assert.Equal(new long[] { PlanValue.Batch, 5, Features }, model.Program.Results[3].Dims.ToArray());
        Assert.Equal("g", Assert.Single(model.Program.Steps, s => s.Kernel == ProgramKernels.Gather).Attributes.Single(a => a.Name == "node").Value);
    }

    /// <summary>
    /// Lists of unbatched items: a tensor split into equal parts, written and concatenated back; items
    /// gathered at indices fed at run time from float32, int32 and bool lists. An index outside the
    /// list is an exception naming the node.
    /// </summary>
    [Fact]
    public void Split_concat_and_gather_at_run_time_indices_equal_tensorflow_for_each_dtype()
    {
        var graph = SplitGraph(definition: false);
        var x = Close.Random(Batch * 2, 72);
        string[] outputs = ["y", "joined", "picked", "ipicked", "bpicked"];

        foreach (var idx in new[] { new[] { 2, 0 }, new[] { 1, 1 } })
        {
            using var model = Check(graph, ["x", "p", "idx"], [x, new[] { 1.5f }, idx],
                [OracleTensor.Float(x, Batch, 2), new OracleTensor([], [1.5f]), new OracleTensor([2], idx.Select(i => (float)i).ToArray(), "int32")], outputs, outputs, SplitGraph(definition: true));
            Assert.IsType<int[]>(model.RunTyped(Batch, x, new[] { 1.5f }, idx)[3]);
            // Split and concat are the tensor's buffer: one copy, made before the split's list is written.
            Assert.Single(model.Program.Steps, s => s.Kernel == ProgramKernels.Copy);
        }
        using var checkedModel = CompiledModel.Build(graph.WriteTemp(), string.Join(";", outputs), "x;p;idx");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => checkedModel.RunTyped(Batch, x, new[] { 1.5f }, new[] { 0, 3 }));
        Assert.Contains("'picked'", error.Message);
    }

    /// <summary>
    /// The graph of <see cref="Split_concat_and_gather_at_run_time_indices_equal_tensorflow_for_each_dtype"/>;
    /// as <paramref name="definition"/>, each TensorListSplit in equal parts is what it means, a Reshape
    /// to [parts, length, …] made a list (TensorFlow.js's split reshapes each part to the shape without
    /// its first axis, which holds only for parts of length 1).
    /// </summary>
    private static GraphDef SplitGraph(bool definition)
    {
        var table = Enumerable.Range(0, 6 * 2).Select(i => i * 0.75f - 4f).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2).Const("table", table, 6, 2).Const("zero_f", [0f]))
            .Placeholder("p", DataType.DtFloat)
            .Placeholder("idx", DataType.DtInt32, 2)
            .IntConst("zero", 0).IntConst("two", 2)
            .Binary("Mul", "y", "x", "p")
            .Binary("Mul", "t", "table", "p")
            .LongConst("lengths", 2, 2, 2).ShapeConst("pair_shape", -1, 2).ShapeConst("row_shape", 2).ShapeConst("parts", 3, 2, 2);
        foreach (var split in new[] { "split", "split2" })
        {
            graph = definition
                ? graph.Node(split + "/parts", "Reshape", ["t", "parts"], ("T", Type(DataType.DtFloat)), ("Tshape", Type(DataType.DtInt32))).ListOp("TensorListFromTensor", split, [split + "/parts", "pair_shape"])
                : graph.ListOp("TensorListSplit", split, ["t", "pair_shape", "lengths"]);
        }
        return graph
            .GetItem("last", "split", "two", "pair_shape")
            .SetItem("split_b", "split", "zero", "last")
            .ListOp("TensorListConcatV2", "joined", ["split_b", "pair_shape", "lengths"], attributes: ("element_shape", new AttrValue { Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = -1 }, new TensorShapeProto.Types.Dim { Size = 2 } } } }))
            .ListOp("TensorListGather", "picked", ["split2", "idx", "pair_shape"])
            .Cast("ti", "t", DataType.DtFloat, DataType.DtInt32)
            .ListOp("TensorListFromTensor", "ilist", ["ti", "row_shape"], DataType.DtInt32)
            .ListOp("TensorListGather", "ipicked", ["ilist", "idx", "row_shape"], DataType.DtInt32)
            .Node("tb", "Greater", ["t", "zero_f"], ("T", Type(DataType.DtFloat)))
            .ListOp("TensorListFromTensor", "blist", ["tb", "row_shape"], DataType.DtBool)
            .ListOp("TensorListGather", "bpicked", ["blist", "idx", "row_shape"], DataType.DtBool);
    }

    /// <summary>
    /// A TensorArray(dynamic_size=True) write past the end at a build-time index grows the list
    /// (TensorListSetItem with resize_if_index_out_of_bounds), as TensorFlow does.
    /// </summary>
    [Fact]
    public void Writing_past_the_end_at_a_known_index_grows_the_list_as_tensorflow_does()
    {
        var grow = ("resize_if_index_out_of_bounds", Bool(true));
        var graph = TimeMajorGraph().IntConst("four", 4).IntConst("five", 5)
            .GetItem("x0", "in", "zero", "item_shape")
            .ListOp("TensorListSetItem", "grown", ["in", "four", "x0"], attributes: grow)
            .ListOp("TensorListSetItem", "grown2", ["grown", "five", "x0"], attributes: grow)
            .ListOp("TensorListSetItem", "kept", ["grown2", "one", "x0"], attributes: grow)
            .Stack("stacked", "kept", "item_shape").Transpose("y", "stacked", "perm");
        var x = Close.Random(Batch * Steps * Features, 73);

        using var model = Check(graph, ["x"], [x], [OracleTensor.Float(x, Batch, Steps, Features)], ["y"], ["y"]);

        Assert.Equal(new long[] { PlanValue.Batch, 6, Features }, model.Program.Results[0].Dims.ToArray());
    }

    /// <summary>
    /// TensorListScatterIntoExistingList (TensorArray.scatter; TensorFlow.js has no kernel for it)
    /// equals its definition, one TensorListSetItem per row, run by TensorFlow.js: with indices known
    /// at build time and fed at run time; the list written keeps its value for its other reader.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scatter_into_an_existing_list_equals_its_definition_run_by_tensorflow(bool fedIndices)
    {
        GraphDef Common()
        {
            var g = TimeMajorGraph().Placeholder("where", DataType.DtInt32, 2).ShapeConst("pick", 1, 2)
                .ListOp("TensorListGather", "rows", ["in", "pick", "item_shape"])
                .GetItem("x0", "in", "zero", "item_shape").GetItem("x3", "in", "three", "item_shape")
                .Reserve("out", "item_shape", "steps")
                .SetItem("out_0", "out", "zero", "x3").SetItem("out_1", "out_0", "one", "x0")
                .SetItem("out_2", "out_1", "two", "x0").SetItem("out_3", "out_2", "three", "x3");
            return fedIndices ? g : g.ShapeConst("known", 3, 1);
        }
        var indices = fedIndices ? "where" : "known";
        var graph = Common()
            .ListOp("TensorListScatterIntoExistingList", "scattered", ["out_3", "rows", indices])
            .Stack("stacked", "scattered", "item_shape").Transpose("y", "stacked", "perm");
        var definition = Common().ShapeConst("s1", 1);
        for (var j = 0; j < 2; j++)
        {
            definition.ShapeConst($"b{j}", j).ShapeConst($"e{j}", j + 1)
                .Node($"i{j}", "StridedSlice", [indices, $"b{j}", $"e{j}", "s1"], ("T", Type(DataType.DtInt32)), ("Index", Type(DataType.DtInt32)), ("shrink_axis_mask", Int(1)))
                .GetItem($"row{j}", "in", j == 0 ? "one" : "two", "item_shape")
                .SetItem($"def{j}", j == 0 ? "out_3" : "def0", $"i{j}", $"row{j}");
        }
        definition.Stack("stacked", "def1", "item_shape").Transpose("y", "stacked", "perm");
        var x = Close.Random(Batch * Steps * Features, 74);
        int[] where = [3, 1];
        using var model = CompiledModel.Build(graph.WriteTemp(), "y", "x;where");

        var actual = (float[])model.RunTyped(Batch, x, where)[0];

        var expected = TfjsOracle.Run(definition.Bytes(), new Dictionary<string, OracleTensor>
        {
            ["x"] = OracleTensor.Float(x, Batch, Steps, Features),
            ["where"] = new OracleTensor([2], where.Select(i => (float)i).ToArray(), "int32"),
        }, "y")["y"];
        Close.Assert(expected.Values, actual, "y");
        // One write per row after the rows are gathered, into the list in place (its writer is its only reader).
        var steps = model.Program.Steps.ToArray();
        Assert.Equal(2, steps.Skip(Array.FindLastIndex(steps, t => t.Kernel == ProgramKernels.Gather) + 1).Count(s => s.Kernel == ProgramKernels.ListSetItem));
    }

    /// <summary>int64 items (TensorFlow.js has no int64: checked by hand): gathered, and concatenated with their lengths folded.</summary>
    [Fact]
    public void Int64_items_gather_and_concatenate()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2).Const("table", Enumerable.Range(0, 8).Select(i => i * 3f - 7f).ToArray(), 4, 2))
            .Placeholder("p", DataType.DtFloat)
            .Binary("Mul", "y", "x", "p")
            .Binary("Mul", "t", "table", "p")
            .Cast("tl", "t", DataType.DtFloat, DataType.DtInt64)
            .ShapeConst("row_shape", 2).ShapeConst("pick", 3, 0, 3)
            .ListOp("TensorListFromTensor", "list", ["tl", "row_shape"], DataType.DtInt64)
            .ListOp("TensorListGather", "picked", ["list", "pick", "row_shape"], DataType.DtInt64)
            .ListOp("TensorListConcatV2", "joined", ["list", "row_shape", "pick"], DataType.DtInt64);
        using var model = CompiledModel.Build(graph.WriteTemp(), "picked;joined;joined:1;y", "x;p");
        var x = Close.Random(Batch * 2, 75);

        var y = model.RunTyped(Batch, x, new[] { 0.5f });

        var t = Enumerable.Range(0, 8).Select(i => (long)((i * 3f - 7f) * 0.5f)).ToArray();
        Assert.Equal(new[] { 3, 0, 3 }.SelectMany(r => t.Skip(r * 2).Take(2)).ToArray(), (long[])y[0]);
        Assert.Equal(t, (long[])y[1]);
        Assert.Equal(new long[] { 2, 2, 2, 2 }, (long[])y[2]);
    }

    private static GraphDef TimeMajorGraph() =>
        GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, Steps, Features))
            .ShapeConst("perm", 1, 0, 2)
            .Transpose("time_major", "x", "perm")
            .ShapeConst("item_shape", -1, Features)
            .IntConst("steps", Steps).IntConst("zero", 0).IntConst("one", 1).IntConst("two", 2).IntConst("three", 3)
            .FromTensor("in", "time_major", "item_shape");

    /// <summary>
    /// Compiles <paramref name="graph"/> for <paramref name="outputs"/> and compares the first
    /// <paramref name="oracleOutputs"/>.Length of them with what TensorFlow.js gives for
    /// <paramref name="oracleOutputs"/> on <paramref name="oracleGraph"/> (the graph itself unless said).
    /// </summary>
    private static CompiledModel Check(GraphDef graph, string[] inputs, Array[] values, OracleTensor[] oracleInputs, string[] outputs, string[] oracleOutputs, GraphDef? oracleGraph = null)
    {
        var model = CompiledModel.Build(graph.WriteTemp(), string.Join(";", outputs), string.Join(";", inputs));
        var actual = model.RunTyped(Batch, values);
        var expected = TfjsOracle.Run((oracleGraph ?? graph).Bytes(), inputs.Zip(oracleInputs).ToDictionary(p => p.First, p => p.Second), oracleOutputs);
        for (var o = 0; o < oracleOutputs.Length; o++)
        {
            if (actual[o] is float[] floats)
            {
                Close.Assert(expected[oracleOutputs[o]].Values, floats, outputs[o]);
            }
            else
            {
                Assert.Equal(expected[oracleOutputs[o]].Values, LoopOracle.Floats(actual[o]));
            }
        }
        return model;
    }
}
