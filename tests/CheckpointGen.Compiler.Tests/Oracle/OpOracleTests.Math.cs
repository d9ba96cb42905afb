using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>The math ops of modern activations (Erf, trigonometry, rounding, Pow, the divisions, ClipByValue) against TensorFlow.js.</summary>
public partial class OpOracleTests
{
    public static TheoryData<string> MathUnaryOps => new() { "Erf", "Sin", "Cos", "Sign", "Round", "Ceil", "Reciprocal" };

    [Theory]
    [MemberData(nameof(MathUnaryOps))]
    public void Math_unary_op_equals_tensorflow(string op)
    {
        // Halves, zeros and both signs: Round breaks ties to even, Sign(0) = 0; Erf sees its tails (|x| up to 4).
        var x = Close.Random(Batch * 8, op.Length + 40).Select((v, i) => i % 4 == 0 ? MathF.Round(v * 6) / 2 : v * 4).ToArray();
        var graph = new GraphDefBuilder().Placeholder("x", -1, 8).Op(op, "y", ["x"]);

        var program = Check(graph, "y", ("x", x, [Batch, 8]));

        Assert.Equal(ProgramKernels.Unary, Assert.Single(program.Steps).Kernel);
    }

    /// <summary>TensorFlow.js has no Erfc, Inv or Softsign: each is checked against its definition by ops it has (Erfc also deep in the tail, where 1 - erf loses it).</summary>
    [Theory]
    [InlineData("Erfc")]
    [InlineData("Inv")]
    [InlineData("Softsign")]
    public void Unary_op_tensorflowjs_lacks_equals_its_definition(string op)
    {
        var x = Close.Random(Batch * 8, op.Length + 50).Select(v => v * 3).ToArray();
        var ours = new GraphDefBuilder().Placeholder("x", -1, 8).Op(op, "y", ["x"]);
        var definition = new GraphDefBuilder().Placeholder("x", -1, 8).Const("one", [1f]);
        _ = op switch
        {
            "Erfc" => definition.Op("Erf", "e", ["x"]).Op("Sub", "y", ["one", "e"]),
            "Inv" => definition.Op("Reciprocal", "y", ["x"]),
            _ => definition.Op("Abs", "a", ["x"]).Op("AddV2", "d", ["a", "one"]).Op("RealDiv", "y", ["x", "d"]),
        };

        Check(ours.ToBytes(), "y", definition.ToBytes(), ("x", x, [Batch, 8]));
    }

    [Fact]
    public void Erfc_keeps_its_relative_precision_in_the_tail()
    {
        // erfc(3) = 2.209049699858544e-05, erfc(5) = 1.5374597944280349e-12 (tabulated): 1 - erf(x) in float32 gives 0 there.
        var graph = new GraphDefBuilder().Placeholder("x", -1, 2).Op("Erfc", "y", ["x"]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.ToBytes());
        using var model = CompiledModel.Build(path, "y", "x");

        var y = model.Run(1, [3f, 5f])[0];

        Assert.Equal(2.209049699858544e-05, y[0], 2.209049699858544e-05 * 1e-6);
        Assert.Equal(1.5374597944280349e-12, y[1], 1.5374597944280349e-12 * 1e-6);
    }

    public static TheoryData<string, long[], long[]> MathBroadcasts => new()
    {
        { "Pow", [-1, 4], [4] },
        { "Pow", [-1, 2, 3], [-1, 1, 3] },
        { "FloorDiv", [-1, 4], [1] },
        { "FloorDiv", [-1, 3, 1], [-1, 1, 5] },
        { "FloorMod", [-1, 2, 3], [2, 1] },
        { "FloorMod", [-1, 4], [-1, 4] },
    };

    [Theory]
    [MemberData(nameof(MathBroadcasts))]
    public void Math_binary_op_broadcasts_as_tensorflow(string op, long[] xShape, long[] yShape)
    {
        // Pow: positive bases (TensorFlow gives NaN for a negative base and a fractional exponent); the divisions: both signs, divisors away from 0.
        var x = Close.Random(Batch * (int)xShape.Skip(1).Aggregate(1L, (a, d) => a * d), 3).Select(v => op == "Pow" ? Math.Abs(v) * 3 + 0.1f : v * 9).ToArray();
        var yCount = (int)yShape.Select(d => d < 0 ? Batch : d).Aggregate(1L, (a, d) => a * d);
        var y = Close.Random(yCount, 5).Select(v => op == "Pow" ? v * 3 : (v < 0 ? v * 4 - 0.5f : v * 4 + 0.5f)).ToArray();
        var graph = new GraphDefBuilder().Placeholder("x", xShape);
        if (yShape[0] < 0)
        {
            graph.Placeholder("y", yShape).Op(op, "z", ["x", "y"]);
            Check(graph, "z", ("x", x, Concrete(xShape)), ("y", y, Concrete(yShape)));
        }
        else
        {
            graph.Const("y", y, yShape).Op(op, "z", ["x", "y"]);
            Check(graph, "z", ("x", x, Concrete(xShape)));
        }
    }

    [Fact]
    public void Pow_of_a_negative_base_by_whole_exponents_equals_tensorflow()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4).Const("e", [2f, 3f, -1f, 0f], 4).Op("Pow", "y", ["x", "e"]);

        Check(graph, "y", ("x", Close.Random(Batch * 4, 9).Select(v => v * 3).ToArray(), [Batch, 4]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClipByValue_with_scalar_or_elementwise_bounds_equals_tensorflow(bool elementwise)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 6);
        if (elementwise)
        {
            // TensorFlow.js reads only the first element of tensor bounds; TensorFlow's kernel is max(min(x, hi), lo), where bounds that
            // cross (lo > hi, as some of these do) give lo.
            var definition = new GraphDefBuilder().Placeholder("x", -1, 6).Placeholder("lo", -1, 6).Placeholder("hi", -1, 6).Op("Minimum", "m", ["x", "hi"]).Op("Maximum", "y", ["m", "lo"]);
            graph.Placeholder("lo", -1, 6).Placeholder("hi", -1, 6).Op("ClipByValue", "y", ["x", "lo", "hi"]);
            Check(graph.ToBytes(), "y", definition.ToBytes(), ("x", Close.Random(Batch * 6, 11).Select(v => v * 4).ToArray(), [Batch, 6]),
                ("lo", Close.Random(Batch * 6, 12).Select(v => v - 1).ToArray(), [Batch, 6]), ("hi", Close.Random(Batch * 6, 13).Select(v => v + 1).ToArray(), [Batch, 6]));
        }
        else
        {
            graph.Const("lo", [-0.5f]).Const("hi", [1.5f]).Op("ClipByValue", "y", ["x", "lo", "hi"]);
            var program = Check(graph, "y", ("x", Close.Random(Batch * 6, 11).Select(v => v * 4).ToArray(), [Batch, 6]));
            Assert.Equal(2, program.Steps.Count);
        }
    }

    [Fact]
    public void ClipByValue_with_a_bound_of_another_shape_is_an_error_naming_the_node()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 6).Const("lo", [0f, 1f], 2).Const("hi", [2f]).Op("ClipByValue", "clip", ["x", "lo", "hi"]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.ToBytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "clip", "x"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("node 'clip' (ClipByValue)", error.Message);
        Assert.Contains("must be scalars or of the clipped tensor's shape", error.Message);
    }
}
