using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>Gather and GatherV2: an Embedding's lookup (fed indices into a constant table), picking features of a computed tensor, batch_dims.</summary>
public partial class TypedOpOracleTests
{
    private static readonly float[] Table = Close.Random(6 * 4, 60);

    [Theory]
    [InlineData("GatherV2", "int32")]
    [InlineData("GatherV2", "int64")]
    [InlineData("Gather", "int32")]
    public void Lookup_of_fed_indices_in_a_constant_table_equals_tensorflow(string op, string indexType)
    {
        var type = Proto(indexType);
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("table", Table, 6, 4).Const("axis", [0]))
            .Placeholder("ids", type, -1, 3)
            .Node("y", op, op == "Gather" ? ["table", "ids"] : ["table", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(type)), ("Taxis", Type(I32)));

        var program = Check(graph.Bytes(), "y", Input("ids", type, [0, 5, 2, 1, 1, 3, 4, 0, 5], Batch, 3));

        Assert.Equal(ProgramKernels.Gather, Assert.Single(program.Steps).Kernel);
        Assert.Equal([PlanValue.Batch, 3, 4], program.Results[0].Dims);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Constant_indices_pick_along_an_axis_of_a_computed_tensor_as_tensorflow(int axis)
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 5, 4).Const("ids", [3, 0, 3], 3).Const("axis", [axis]))
            .Node("y", "GatherV2", ["x", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(I32)), ("Taxis", Type(I32)));

        Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 20, 61), Batch, 5, 4));
    }

    [Fact]
    public void Batch_dims_gathers_each_row_by_its_own_indices_as_tensorflow()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 5, 2).Const("axis", [1]))
            .Placeholder("ids", I64, -1, 3)
            .Node("y", "GatherV2", ["x", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(I64)), ("Taxis", Type(I32)), ("batch_dims", Int(1)));

        Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 10, 62), Batch, 5, 2), Input("ids", I64, [4, 0, 2, 1, 1, 3, 0, 4, 4], Batch, 3));
    }

    [Fact]
    public void Constant_table_and_indices_fold()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4).Const("table", Table, 6, 4).Const("ids", [5, 1], 2).Const("axis", [0]))
            .Node("rows", "GatherV2", ["table", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(I32)), ("Taxis", Type(I32)))
            .Node("y", "MatMul", ["x", "rows"], ("T", Type(F)), ("transpose_b", Bool(true)));

        var program = Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 4, 63), Batch, 4));

        Assert.DoesNotContain(program.Steps, s => s.Kernel == ProgramKernels.Gather);
    }

    /// <summary>TensorFlow's CPU kernel raises InvalidArgument for an index outside the table; the generated method throws naming the node, and reads nothing past the table.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(-1)]
    public void An_index_out_of_range_at_run_time_is_an_error_naming_the_node(int bad)
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("table", Table, 6, 4).Const("axis", [0]))
            .Placeholder("ids", I32, -1, 3)
            .Node("embedding/lookup", "GatherV2", ["table", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(I32)), ("Taxis", Type(I32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());
        using var model = CompiledModel.Build(path, "embedding/lookup", "ids");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.RunTyped(1, new[] { 0, bad, 2 }));

        Assert.Contains("'embedding/lookup'", error.Message);
        Assert.Contains($"indices[1] = {bad} is not in [0, 6)", error.Message);
    }

    [Fact]
    public void Gathering_across_the_batch_is_refused_naming_the_node()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4).Const("ids", [0], 1).Const("axis", [0]))
            .Node("first", "GatherV2", ["x", "ids", "axis"], ("Tparams", Type(F)), ("Tindices", Type(I32)), ("Taxis", Type(I32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());

        var diagnostic = Assert.Single(CompiledModel.Diagnose(path, "first", "x"));

        Assert.Equal("CG1040", diagnostic.Code);
        Assert.Contains("node 'first' (GatherV2)", diagnostic.Message);
    }
}
