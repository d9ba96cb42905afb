using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// The input projection of a recurrent loop (MatMul of item <c>time</c> of the input list by the
/// kernel) runs once before the loop, as one GEMM over all items, only when that is the same
/// computation: the list is not written in the loop, the item read is the loop counter's, the
/// weights do not change. Every case is checked against TensorFlow.js running the loop as written.
/// </summary>
public class LoopInvariantProductTests
{
    private const int Steps = 6, Features = 4, Units = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_lstm_input_projection_and_bias_run_once_before_the_loop(int batch)
    {
        var program = Check(Lstm(), batch);

        var (before, inside) = Products(program);
        var hoisted = Assert.Single(before);
        Assert.Equal(PlanValue.ParameterKind, program.Values[hoisted.Inputs[0]].Kind);
        Assert.Equal([PlanValue.Batch, Steps, 4 * Units], program.Values[hoisted.Output].Dims);
        // The bias, added to x·K + h·R in the body, joined the hoisted GEMM's epilogue.
        Assert.Equal(3, hoisted.Inputs.Count);
        Assert.Single(Body(program), s => s.Kernel == ProgramKernels.Binary && program.Values[s.Output].Dims[^1] == 4 * Units);
        // The recurrent product h · R stays in the body; the body reads the projections' item instead of the input's.
        Assert.Single(inside);
        var read = Assert.Single(Body(program), s => s.Kernel == ProgramKernels.ListGetItem);
        Assert.Equal(hoisted.Output, read.Inputs[0]);
    }

    [Fact]
    public void The_gru_input_projection_with_its_bias_runs_once_before_the_loop()
    {
        var graph = RecurrentGraphs.Gru(Steps, Features, Units, Close.Random(Features * 3 * Units, 111), Close.Random(Units * 3 * Units, 112), Close.Random(2 * 3 * Units, 113));

        var program = Check(graph, 2);

        var hoisted = Assert.Single(Products(program).Before);
        Assert.Equal(3, hoisted.Inputs.Count);
    }

    [Fact]
    public void A_list_the_loop_writes_is_multiplied_item_by_item()
    {
        // Item `time` is doubled in the carried list before it is read: a projection of the input made before the loop would miss that.
        var graph = EditBody(Lstm(), body =>
        {
            body.NodeDef.Add(Node("b/first", "TensorListGetItem", ["inlist", "time", "elem_in:output:0"], ("element_dtype", Float)));
            body.NodeDef.Add(Node("b/twice", "AddV2", ["b/first:item:0", "b/first:item:0"], ("T", Float)));
            body.NodeDef.Add(Node("b/rewritten", "TensorListSetItem", ["inlist", "time", "b/twice:z:0"], ("element_dtype", Float)));
            body.NodeDef.Single(n => n.Name == "b/item").Input[0] = "b/rewritten:output_handle:0";
            body.Ret["inlist_out"] = "b/rewritten:output_handle:0";
        });

        AssertNotHoisted(Check(graph, 2));
    }

    [Fact]
    public void An_item_read_at_another_index_than_the_counter_stays_in_the_loop()
    {
        var graph = EditBody(Lstm(), body => body.NodeDef.Single(n => n.Name == "b/item").Input[1] = "zero_i:output:0");

        AssertNotHoisted(Check(graph, 2));
    }

    [Fact]
    public void Weights_that_change_in_the_loop_keep_the_product_in_it()
    {
        // kernel · time: a right-hand side computed per iteration.
        var graph = EditBody(Lstm(), body =>
        {
            body.NodeDef.Add(Node("b/time_f", "Cast", ["time"], ("SrcT", new AttrValue { Type = DataType.DtInt32 }), ("DstT", Float)));
            body.NodeDef.Add(Node("b/scaled", "Mul", ["kernel", "b/time_f:y:0"], ("T", Float)));
            body.NodeDef.Single(n => n.Name == "b/x").Input[1] = "b/scaled:z:0";
        });

        AssertNotHoisted(Check(graph, 2));
    }

    private static readonly AttrValue Float = new() { Type = DataType.DtFloat };

    private static byte[] Lstm() =>
        RecurrentGraphs.Lstm(Steps, Features, Units, Close.Random(Features * 4 * Units, 101), Close.Random(Units * 4 * Units, 102), Close.Random(4 * Units, 103));

    private static byte[] EditBody(byte[] graph, Action<FunctionDef> edit)
    {
        var parsed = GraphDef.Parser.ParseFrom(graph);
        edit(parsed.Library.Function.Single(f => f.Signature.Name == "body"));
        return parsed.ToByteArray();
    }

    private static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attributes) node.Attr[key] = value;
        return node;
    }

    private static void AssertNotHoisted(PlanProgram program)
    {
        Assert.Empty(Products(program).Before);
        Assert.Equal(2, Products(program).Inside.Length);
    }

    /// <summary>The matrix products before the loop and inside it.</summary>
    private static (PlanStep[] Before, PlanStep[] Inside) Products(PlanProgram program)
    {
        var loop = program.Controls.Single(c => c.Kind == PlanControl.Loop).At;
        bool IsProduct(PlanStep s) => s.Kernel is ProgramKernels.MatMul or ProgramKernels.BatchMatMul;
        return (program.Steps.Take(loop).Where(IsProduct).ToArray(), Body(program).Where(IsProduct).ToArray());
    }

    private static PlanStep[] Body(PlanProgram program)
    {
        int loop = program.Controls.Single(c => c.Kind == PlanControl.Loop).At, end = program.Controls.Single(c => c.Kind == PlanControl.End).At;
        return program.Steps.Skip(loop).Take(end - loop).ToArray();
    }

    private static PlanProgram Check(byte[] graph, int batch)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-hoist-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph);
        using var model = CompiledModel.Build(path, "y", "x");
        var x = Close.Random(batch * Steps * Features, 104);

        var actual = model.Run(batch, x)[0];

        var expected = TfjsOracle.Run(graph, new Dictionary<string, OracleTensor> { ["x"] = OracleTensor.Float(x, batch, Steps, Features) }, "y")["y"];
        Close.Assert(expected.Values, actual, "y");
        return model.Program;
    }
}
