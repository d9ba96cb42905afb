using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// TensorList ops outside loops, compiled and run through the generated method against TensorFlow.js
/// on the same graph: lists made from time-major sequences (Keras' transposed input), reserved and
/// written, read back by index and stacked.
/// </summary>
public class TensorListOracleTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Features = 3;

    /// <summary>
    /// Keras' shape of an RNN without the loop: x [batch, 4, 3] transposed to time-major, made a list,
    /// items read by constant index, changed and written into a reserved list in another order;
    /// stacked, transposed back, and its last step taken.
    /// </summary>
    [Fact]
    public void A_time_major_list_read_written_and_stacked_equals_tensorflow()
    {
        var graph = TimeMajorGraph()
            .Reserve("out", "item_shape", "steps")
            .GetItem("x0", "in", "zero", "item_shape").GetItem("x1", "in", "one", "item_shape")
            .GetItem("x2", "in", "two", "item_shape").GetItem("x3", "in", "three", "item_shape")
            .Binary("Mul", "x2_twice", "x2", "two_f")
            .SetItem("out_a", "out", "zero", "x2_twice")
            .SetItem("out_b", "out_a", "three", "x0")
            .SetItem("out_c", "out_b", "one", "x3")
            .SetItem("out_d", "out_c", "two", "x1")
            .Stack("stacked", "out_d", "item_shape", Steps)
            .Transpose("y", "stacked", "perm")
            .TakeStep("last", "stacked", -1);
        var x = Close.Random(Batch * Steps * Features, 61);

        using var model = Check(graph, x, "y", "last");

        Assert.Equal(new long[] { PlanValue.Batch, Steps, Features }, model.Program.Results[0].Dims.ToArray());
        Assert.Equal(new long[] { PlanValue.Batch, Features }, model.Program.Results[1].Dims.ToArray());
        // The transposed input is the list's buffer, the reserved list is written in place and the
        // stack is its buffer, written into the caller's output: nothing is copied.
        Assert.Equal(4, model.Program.Steps.Count(s => s.Kernel == ProgramKernels.ListSetItem));
        Assert.DoesNotContain(model.Program.Steps, s => s.Kernel == ProgramKernels.Copy);
        Assert.Equal(PlanValue.ResultKind, model.Program.Values[model.Program.Steps.Single(s => s.Kernel == ProgramKernels.ListReserve).Output].Kind);
    }

    /// <summary>Items never set read as zeros, as TensorFlow stacks a reserved list with a known item shape (TensorFlow.js refuses such a stack).</summary>
    [Fact]
    public void Items_never_set_stack_as_zeros()
    {
        var graph = TimeMajorGraph()
            .Reserve("out", "item_shape", "steps")
            .GetItem("x2", "in", "two", "item_shape")
            .SetItem("out_a", "out", "one", "x2")
            .Stack("stacked", "out_a", "item_shape", Steps)
            .Transpose("y", "stacked", "perm");
        using var model = CompiledModel.Build(graph.WriteTemp(), "y", "x");
        var x = Close.Random(Batch * Steps * Features, 64);

        // Run twice: the second call reuses the workspace the first one wrote.
        model.Run(Batch, x);
        var y = model.Run(Batch, x)[0];

        var expected = new float[y.Length];
        for (var b = 0; b < Batch; b++)
        {
            Array.Copy(x, (b * Steps + 2) * Features, expected, (b * Steps + 1) * Features, Features);
        }
        Assert.Equal(expected, y);
    }

    /// <summary>
    /// A list written twice from one earlier list keeps both versions apart (each writer works on a
    /// copy), as TensorFlow's lists are values. TensorFlow.js mutates the one list object instead, so
    /// the expectation is computed here.
    /// </summary>
    [Fact]
    public void Setting_items_of_a_list_read_twice_copies_it()
    {
        var graph = TimeMajorGraph()
            .GetItem("x1", "in", "one", "item_shape")
            .SetItem("a", "in", "zero", "x1")
            .SetItem("b", "in", "three", "x1")
            .Stack("stacked_a", "a", "item_shape")
            .Stack("stacked_b", "b", "item_shape")
            .Transpose("ya", "stacked_a", "perm")
            .Transpose("yb", "stacked_b", "perm");
        var x = Close.Random(Batch * Steps * Features, 62);
        using var model = CompiledModel.Build(graph.WriteTemp(), "ya;yb", "x");

        var y = model.Run(Batch, x);

        float[] expectedA = (float[])x.Clone(), expectedB = (float[])x.Clone();
        for (var b = 0; b < Batch; b++)
        {
            Array.Copy(x, (b * Steps + 1) * Features, expectedA, b * Steps * Features, Features);
            Array.Copy(x, (b * Steps + 1) * Features, expectedB, (b * Steps + 3) * Features, Features);
        }
        Assert.Equal(expectedA, y[0]);
        Assert.Equal(expectedB, y[1]);
        // The input tensor's buffer is shared with its list: each writer copies it.
        Assert.Equal(2, model.Program.Steps.Count(s => s.Kernel == ProgramKernels.Copy && model.Program.Values[s.Inputs[0]].Kind == PlanValue.ParameterKind));
    }

    /// <summary>
    /// A list of unbatched items (from a constant) indexed by an int32 fed at run time; Length and
    /// ElementShape fold. An index outside the list is an exception at run time, as TensorFlow raises.
    /// </summary>
    [Fact]
    public void Get_item_at_a_run_time_index_equals_tensorflow_and_checks_the_index()
    {
        var table = Enumerable.Range(0, 5 * 2).Select(i => i * 0.5f - 1f).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2).Const("table", table, 5, 2))
            .Placeholder("i", DataType.DtInt32)
            .ShapeConst("item_shape", -1)
            .FromTensor("list", "table", "item_shape")
            .GetItem("row", "list", "i", "item_shape")
            .Node("count", "TensorListLength", ["list"])
            .Node("count_f", "Cast", ["count"], ("SrcT", Type(DataType.DtInt32)), ("DstT", Type(DataType.DtFloat)))
            .Binary("Mul", "scaled", "x", "count_f")
            .Binary("AddV2", "y", "scaled", "row");
        var path = graph.WriteTemp();
        using var model = CompiledModel.Build(path, "y", "x;i");
        var x = Close.Random(Batch * 2, 63);

        foreach (var i in new[] { 0, 3, 4 })
        {
            var actual = (float[])model.RunTyped(Batch, x, new[] { i })[0];
            var expected = TfjsOracle.Run(graph.Bytes(), new Dictionary<string, OracleTensor>
            {
                ["x"] = OracleTensor.Float(x, Batch, 2),
                ["i"] = new OracleTensor([], [i], ProgramDTypes.Int32),
            }, "y")["y"];
            Close.Assert(expected.Values, actual, $"y at {i}");
        }
        var error = Assert.Throws<IndexOutOfRangeException>(() => model.RunTyped(Batch, x, new[] { 5 }));
        Assert.Contains("Node 'row': TensorList index 5 is outside its 5 items", error.Message);
    }

    private static GraphDef TimeMajorGraph() =>
        GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, Steps, Features).Const("two_f", [2f]))
            .ShapeConst("perm", 1, 0, 2)
            .Transpose("time_major", "x", "perm")
            .ShapeConst("item_shape", -1, Features)
            .IntConst("steps", Steps).IntConst("zero", 0).IntConst("one", 1).IntConst("two", 2).IntConst("three", 3)
            .FromTensor("in", "time_major", "item_shape");

    private static CompiledModel Check(GraphDef graph, float[] x, params string[] outputs)
    {
        var model = CompiledModel.Build(graph.WriteTemp(), string.Join(";", outputs), "x");
        var actual = model.Run(Batch, x);
        var expected = TfjsOracle.Run(graph.Bytes(), new Dictionary<string, OracleTensor> { ["x"] = OracleTensor.Float(x, Batch, Steps, Features) }, outputs);
        for (var o = 0; o < outputs.Length; o++)
        {
            Close.Assert(expected[outputs[o]].Values, actual[o], outputs[o]);
        }
        return model;
    }
}
