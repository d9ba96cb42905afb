using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>Integer division at run time (FloorDiv, FloorMod, TruncateDiv, TruncateMod, Div) with TensorFlow's rounding and its error for a zero divisor.</summary>
public partial class TypedOpOracleTests
{
    // Every sign combination, exact and inexact quotients.
    private static readonly float[] Dividends = [7, -7, 7, -7, 6, -6, 0, 1, -1, 9, -9, 13];
    private static readonly float[] Divisors = [2, 2, -2, -2, 3, -3, 5, -4, 4, 4, -4, 5];

    [Theory]
    [InlineData("FloorDiv", "int32")]
    [InlineData("FloorDiv", "int64")]
    [InlineData("FloorMod", "int32")]
    [InlineData("FloorMod", "int64")]
    public void Floor_division_of_integers_at_run_time_equals_tensorflow(string op, string dtypeName)
    {
        var dtype = Proto(dtypeName);
        var graph = GraphEdit.Parse(new GraphDefBuilder())
            .Placeholder("x", dtype, -1, 4)
            .Placeholder("y", dtype, -1, 4)
            .Node("z", op, ["x", "y"], ("T", Type(dtype)));

        var program = Check(graph.Bytes(), "z", Input("x", dtype, Dividends, Batch, 4), Input("y", dtype, Divisors, Batch, 4));

        Assert.Equal(ProgramKernels.IntegerDivision, Assert.Single(program.Steps).Kernel);
    }

    [Fact]
    public void Floor_division_by_a_broadcast_constant_equals_tensorflow()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("d", [3, -3, 4, -5], 4))
            .Placeholder("x", I32, -1, 4)
            .Node("z", "FloorDiv", ["x", "d"], ("T", Type(I32)));

        Check(graph.Bytes(), "z", Input("x", I32, Dividends, Batch, 4));
    }

    /// <summary>TensorFlow.js divides int32 with Div as FloorDiv and lacks TruncateDiv/TruncateMod; TensorFlow's CPU kernels truncate toward zero (C++ division), so the expectation is written out.</summary>
    [Theory]
    [InlineData("TruncateDiv", new long[] { 3, -3, -3, 3, 2, 2, 0, 0, 0, 2, 2, 2 })]
    [InlineData("Div", new long[] { 3, -3, -3, 3, 2, 2, 0, 0, 0, 2, 2, 2 })]
    [InlineData("TruncateMod", new long[] { 1, -1, 1, -1, 0, 0, 0, 1, -1, 1, -1, 3 })]
    [InlineData("FloorDiv", new long[] { 3, -4, -4, 3, 2, 2, 0, -1, -1, 2, 2, 2 })]
    [InlineData("FloorMod", new long[] { 1, 1, -1, -1, 0, 0, 0, -3, 3, 1, -1, 3 })]
    public void Integer_division_rounds_as_tensorflows_kernels(string op, long[] expected)
    {
        foreach (var dtype in new[] { I32, I64 })
        {
            var graph = GraphEdit.Parse(new GraphDefBuilder())
                .Placeholder("x", dtype, -1, 12)
                .Placeholder("y", dtype, -1, 12)
                .Node("z", op, ["x", "y"], ("T", Type(dtype)));
            var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
            File.WriteAllBytes(path, graph.Bytes());
            using var model = CompiledModel.Build(path, "z", "x;y");

            var actual = model.RunTyped(1, Typed(dtype, Dividends), Typed(dtype, Divisors))[0];

            Assert.Equal(expected, Floats(actual).Select(v => (long)v));
        }
    }

    [Fact]
    public void Integer_division_folds_at_build_time_with_the_same_rounding()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("a", [-7, 7, -7], 3).Const("b", [2, -2, 2], 3).Const("zero", [0, 0, 0], 3))
            .Placeholder("x", I32, -1, 3)
            .Node("q", "Div", ["a", "b"], ("T", Type(I32)))
            .Node("f", "FloorDiv", ["a", "b"], ("T", Type(I32)))
            .Node("m", "FloorMod", ["a", "b"], ("T", Type(I32)))
            .Node("s1", "AddV2", ["x", "q"], ("T", Type(I32)))
            .Node("s2", "AddV2", ["s1", "f"], ("T", Type(I32)))
            .Node("z", "AddV2", ["s2", "m"], ("T", Type(I32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());
        using var model = CompiledModel.Build(path, "z", "x");

        var actual = (int[])model.RunTyped(1, new[] { 0, 0, 0 })[0];

        // q = [-3, -3, -3], f = [-4, -4, -4], m = [1, -1, 1].
        Assert.Equal([-6, -8, -6], actual);
        Assert.Equal(3, model.Program.Steps.Count);
    }

    [Fact]
    public void Integer_division_by_zero_at_run_time_throws_naming_the_node()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder())
            .Placeholder("x", I32, -1, 2)
            .Placeholder("y", I32, -1, 2)
            .Node("index/floordiv", "FloorDiv", ["x", "y"], ("T", Type(I32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());
        using var model = CompiledModel.Build(path, "index/floordiv", "x;y");

        var error = Assert.Throws<DivideByZeroException>(() => model.RunTyped(1, new[] { 4, 5 }, new[] { 2, 0 }));

        Assert.Contains("Node 'index/floordiv' (FloorDiv): integer division by zero (element 1", error.Message);
    }

    [Fact]
    public void Integer_division_by_a_constant_zero_is_a_build_error_naming_the_node()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("a", [4], 1).Const("b", [0], 1))
            .Placeholder("x", I32, -1, 1)
            .Node("q", "FloorMod", ["a", "b"], ("T", Type(I32)))
            .Node("z", "AddV2", ["x", "q"], ("T", Type(I32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "z", "x"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("node 'q' (FloorMod) divides by zero", error.Message);
    }
}
