using CheckpointGen.Compiler.Tests.ControlFlow;
using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// A tf.function writing two tf.TensorArrays in a tf.while_loop, as TensorFlow 2 writes it
/// (TensorListReserve before a StatelessWhile with loop counter and limit, TensorListSetItem at the
/// step in the body), then stacking, gathering and concatenating them after the loop: compiled and run
/// against TensorFlow.js.
/// </summary>
public sealed class TensorArrayLoopTests
{
    private const DataType V = DataType.DtVariant;
    private const int Batch = 3, Steps = 4;

    /// <summary>
    /// h = tanh(h·0.5 + 1) written as item i of a list of batched items; c·s (s doubling each step)
    /// written as item i of a list of unbatched items [3]. After the loop: both stacked, the first
    /// gathered at [3, 1] (a time-major tensor, transposed back), the second concatenated ([12]).
    /// </summary>
    [Fact]
    public void A_tensor_array_written_in_a_loop_stacks_gathers_and_concatenates_as_tensorflow_does()
    {
        (string, DataType)[] vars = [("counter", I), ("limit", I), ("i", I), ("ta", V), ("tb", V), ("h", F), ("s", F), ("last", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Placeholder("p", F)
            .Const("zero", [0], []).Const("steps", [Steps], [])
            .Const("item_shape", [-1, 3], 2).Const("row_shape", [3], 1).Const("perm", [1, 0, 2], 3).Const("pick", [3, 1], 2)
            .Const("no_row", [0f, 0f, 0f], 3)
            .Add(Node("ta", "TensorListReserve", ["item_shape", "steps"], ("element_dtype", Type(F)), ("shape_type", Type(I))))
            .Add(Node("tb", "TensorListReserve", ["row_shape", "steps"], ("element_dtype", Type(F)), ("shape_type", Type(I))))
            .Add(While("loop", "cond", "body", ["zero", "steps", "zero", "ta", "tb", "x", "p", "no_row"], [I, I, I, V, V, F, F, F]))
            .Add(Node("stacked", "TensorListStack", ["loop:3", "item_shape"], ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = Steps })))
            .Add(Node("y", "Transpose", ["stacked", "perm"], ("T", Type(F)), ("Tperm", Type(I))))
            .Add(Node("gathered", "TensorListGather", ["loop:3", "pick", "item_shape"], ("element_dtype", Type(F))))
            .Add(Node("y_gathered", "Transpose", ["gathered", "perm"], ("T", Type(F)), ("Tperm", Type(I))))
            .Add(Node("rows", "TensorListStack", ["loop:4", "row_shape"], ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = Steps })))
            // TensorFlow.js reads ConcatV2's element_shape from an attribute (TensorFlow: input 1): both given.
            .Add(Node("joined", "TensorListConcatV2", ["loop:4", "row_shape", "zero"], ("element_dtype", Type(F)), ("shape_type", Type(I)),
                ("element_shape", new AttrValue { Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = 3 } } } })))
            .Function("cond", vars, [("more", B)], [Op("less", "Less", I, "i", "limit")], "less:z:0")
            .Function("body", vars, vars.Select(v => (v.Item1 + "_out", v.Item2)).ToArray(),
                [
                    ConstNode("one", [1]), ConstNode("half", [0.5f]), ConstNode("one_f", [1f]), ConstNode("two_f", [2f]), ConstNode("c", [1f, -2f, 0.5f], 3),
                    Op("scaled", "Mul", F, "h", "half:output:0"),
                    Op("shifted", "AddV2", F, "scaled:z:0", "one_f:output:0"),
                    Op("h_next", "Tanh", F, "shifted:z:0"),
                    Node("ta_next", "TensorListSetItem", ["ta", "i", "h_next:y:0"], ("element_dtype", Type(F))),
                    Op("row", "Mul", F, "c:output:0", "s"),
                    Node("tb_next", "TensorListSetItem", ["tb", "i", "row:z:0"], ("element_dtype", Type(F))),
                    Op("s_next", "Mul", F, "s", "two_f:output:0"),
                    Op("i_next", "AddV2", I, "i", "one:output:0"),
                    Op("counter_next", "AddV2", I, "counter", "one:output:0"),
                    Op("limit_id", "Identity", I, "limit"),
                ],
                "counter_next:z:0", "limit_id:output:0", "i_next:z:0", "ta_next:output_handle:0", "tb_next:output_handle:0", "h_next:y:0", "s_next:z:0", "row:z:0");

        using var model = LoopOracle.Check(graph, ["y", "y_gathered", "rows", "joined"], Batch,
            new LoopOracle.Input("x", Close.Random(Batch * 3, 95), [Batch, 3]), new LoopOracle.Input("p", new[] { 0.75f }, []));

        Assert.Equal(new long[] { PlanValue.Batch, 2, 3 }, model.Program.Results[1].Dims.ToArray());
        Assert.Equal(new long[] { Steps * 3 }, model.Program.Results[3].Dims.ToArray());
        // Both lists are carried in place: no copy of either inside the loop.
        var loop = model.Program.Controls.First(c => c.Kind == PlanControl.Loop).At;
        var end = model.Program.Controls.Last(c => c.Kind == PlanControl.End).At;
        Assert.DoesNotContain(model.Program.Steps.Skip(loop).Take(end - loop), s => s.Kernel == ProgramKernels.Copy && model.Program.Values[s.Output].Dims.Count() == 3);
    }

    /// <summary>A TensorArray that grows in the loop (EmptyTensorList, TensorListPushBack in the body) has a count known only at run time: CG1058 naming the loop.</summary>
    [Fact]
    public void A_list_growing_in_a_loop_is_CG1058_naming_the_loop()
    {
        (string, DataType)[] vars = [("i", I), ("ta", V), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("zero", [0], []).Const("item_shape", [-1, 3], 2).Const("unbounded", [-1], [])
            .Add(Node("ta", "EmptyTensorList", ["item_shape", "unbounded"], ("element_dtype", Type(F)), ("shape_type", Type(I))))
            .Add(While("loop", "cond", "body", ["zero", "ta", "x"], [I, V, F]))
            .Add(Node("stacked", "TensorListStack", ["loop:1", "item_shape"], ("element_dtype", Type(F))))
            .Function("cond", vars, [("more", B)], [ConstNode("steps", [Steps]), Op("less", "Less", I, "i", "steps:output:0")], "less:z:0")
            .Function("body", vars, vars.Select(v => (v.Item1 + "_out", v.Item2)).ToArray(),
                [
                    ConstNode("one", [1]),
                    Node("pushed", "TensorListPushBack", ["ta", "x"], ("element_dtype", Type(F))),
                    Op("i_next", "AddV2", I, "i", "one:output:0"),
                    Op("x_id", "Identity", F, "x"),
                ],
                "i_next:z:0", "pushed:output_handle:0", "x_id:output:0");
        var folder = Directory.CreateTempSubdirectory("cg-tensorarray-").FullName;
        var error = Assert.Single(CompiledModel.Diagnose(graph.Write(folder), "stacked", "x"));
        Directory.Delete(folder, recursive: true);

        Assert.Equal("CG1058", error.Code);
        Assert.Contains("'loop' (StatelessWhile)", error.Message);
        Assert.Contains("grows or shrinks", error.Message);
    }
}
