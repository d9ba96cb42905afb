using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>The ops Keras' recurrent layers and masks add: ReverseV2 (also of a time-major sequence, as go_backwards reverses it), ZerosLike, Any and All.</summary>
public partial class TypedOpOracleTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 1, 2 })]
    public void ReverseV2_of_a_computed_tensor_equals_tensorflow(int[] axes)
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("axis", axes, axes.Length))
            .Node("y", "ReverseV2", ["x", "axis"], ("T", Type(F)), ("Tidx", Type(I32)));

        var program = Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 12, 70), Batch, 3, 4));

        Assert.Equal(ProgramKernels.Strided, Assert.Single(program.Steps).Kernel);
    }

    /// <summary>Reversing the time axis of a time-major view ([steps, batch, features]) keeps it a view: transposed back, it is the batch-major sequence reversed.</summary>
    [Fact]
    public void ReverseV2_in_time_of_a_time_major_sequence_equals_tensorflow()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 5, 2).Const("perm", [1, 0, 2], 3).Const("axis", [0], 1))
            .Node("major", "Transpose", ["x", "perm"], ("T", Type(F)), ("Tperm", Type(I32)))
            .Node("reversed", "ReverseV2", ["major", "axis"], ("T", Type(F)), ("Tidx", Type(I32)))
            .Node("y", "Transpose", ["reversed", "perm"], ("T", Type(F)), ("Tperm", Type(I32)));

        var program = Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 10, 71), Batch, 5, 2));

        Assert.Equal(ProgramKernels.Strided, Assert.Single(program.Steps).Kernel);
    }

    [Fact]
    public void ZerosLike_of_a_computed_tensor_equals_tensorflow()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 3))
            .Node("relu", "Relu", ["x"], ("T", Type(F)))
            .Node("y", "ZerosLike", ["relu"], ("T", Type(F)));

        Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 3, 72), Batch, 3));
    }

    [Theory]
    [InlineData("Any", false)]
    [InlineData("Any", true)]
    [InlineData("All", false)]
    [InlineData("All", true)]
    public void Any_and_All_of_a_computed_bool_tensor_equal_tensorflow(string op, bool keepDims)
    {
        // Rounded so that some rows are all zero (Any false) and some have no zero (All true).
        var x = Close.Random(Batch * 2 * 3, 73).Select(v => MathF.Round(v)).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2, 3).Const("zero", [0f]).Const("axis", [-1]))
            .Node("nonzero", "NotEqual", ["x", "zero"], ("T", Type(F)))
            .Node("y", op, ["nonzero", "axis"], ("Tidx", Type(I32)), ("keep_dims", Bool(keepDims)));

        var program = Check(graph.Bytes(), "y", Input("x", F, x, Batch, 2, 3));

        Assert.Equal(ProgramDTypes.Bool, program.Results[0].DType);
        Assert.Equal(keepDims ? [PlanValue.Batch, 2, 1] : [PlanValue.Batch, 2], program.Results[0].Dims);
    }
}
