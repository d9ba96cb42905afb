using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>Einsum with the equations EinsumDense and MultiHeadAttention use, against TensorFlow.js; unsupported equations are CG1040 naming them.</summary>
public partial class OpOracleTests
{
    /// <summary>A constant right-hand side (EinsumDense's kernel).</summary>
    public static TheoryData<string, long[], long[]> EinsumByConstant => new()
    {
        { "abc,cd->abd", [-1, 3, 4], [4, 5] },
        { "abc,cde->abde", [-1, 3, 4], [4, 2, 3] },
        { "abcd,cde->abe", [-1, 3, 2, 4], [2, 4, 5] },
        { "ab,bc->ac", [-1, 4], [4, 3] },
        { "abc,dc->abd", [-1, 2, 4], [3, 4] },
    };

    [Theory]
    [MemberData(nameof(EinsumByConstant))]
    public void Einsum_by_a_constant_equals_tensorflow(string equation, long[] xShape, long[] wShape)
    {
        var graph = new GraphDefBuilder().Placeholder("x", xShape).Const("w", Close.Random(Count(wShape), 61), wShape)
            .Op("Einsum", "y", ["x", "w"], ("equation", String(equation)), ("N", Int(2)));

        var program = Check(graph, "y", ("x", Close.Random(Count(xShape), 62), Concrete(xShape)));

        Assert.Contains(program.Steps, s => s.Kernel == ProgramKernels.MatMul);
    }

    /// <summary>Two computed operands (attention scores and the weighted values).</summary>
    [Theory]
    [InlineData("aecd,abcd->acbe", new long[] { -1, 5, 2, 3 }, new long[] { -1, 4, 2, 3 })]
    [InlineData("acbe,aecd->abcd", new long[] { -1, 2, 4, 5 }, new long[] { -1, 5, 2, 3 })]
    [InlineData("abc,adc->abd", new long[] { -1, 3, 4 }, new long[] { -1, 2, 4 })]
    public void Einsum_of_two_computed_operands_equals_tensorflow(string equation, long[] xShape, long[] yShape)
    {
        var graph = new GraphDefBuilder().Placeholder("x", xShape).Placeholder("z", yShape)
            .Op("Einsum", "y", ["x", "z"], ("equation", String(equation)), ("N", Int(2)));

        var program = Check(graph, "y", ("x", Close.Random(Count(xShape), 63), Concrete(xShape)), ("z", Close.Random(Count(yShape), 64), Concrete(yShape)));

        Assert.Contains(program.Steps, s => s.Kernel == ProgramKernels.BatchMatMul);
    }

    [Theory]
    [InlineData("...bc,cd->...bd", "ellipsis")]
    [InlineData("abb,bd->ad", "repeated within one operand")]
    [InlineData("abc,cd->ad", "sums a label of one operand away")]
    [InlineData("abc,cd->bad", "moves the batch")]
    public void Einsum_it_does_not_reduce_is_an_error_naming_the_equation(string equation, string reason)
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 4).Const("w", Close.Random(12, 65), 4, 3)
            .Op("Einsum", "y", ["x", "w"], ("equation", String(equation)), ("N", Int(2)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.ToBytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "y", "x"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains($"node 'y' (Einsum) has equation '{equation}'", error.Message);
        Assert.Contains(reason, error.Message);
    }
}
