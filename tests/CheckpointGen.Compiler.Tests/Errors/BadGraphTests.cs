using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Errors;

/// <summary>Graphs the compiler cannot compile give CG1xxx build errors naming the node, the op and the chain to the output; never an internal error or a hang.</summary>
public class BadGraphTests
{
    private static string Write(GraphDefBuilder graph)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-bad-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.ToBytes());
        return path;
    }

    [Fact]
    public void An_unsupported_op_names_the_node_the_op_and_the_chain_to_the_output()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Erfinv", "odd", ["x"]).Op("Relu", "out", ["odd"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'odd'", error.Message);
        Assert.Contains("Erfinv", error.Message);
        Assert.Contains("odd (Erfinv) → out (Relu)", error.Message);
    }

    [Fact]
    public void A_cycle_is_an_error_not_a_hang()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Add", "a", ["x", "b"]).Op("Relu", "b", ["a"]).Op("Relu", "out", ["b"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1041", error.Code);
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void A_missing_input_and_an_unknown_output_are_errors()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Op("Add", "out", ["x", "nowhere"]));

        Assert.Equal("CG1042", Assert.Single(CompiledModel.Diagnose(path, "out")).Code);
        Assert.Contains("'typo'", Assert.Single(CompiledModel.Diagnose(path, "typo")).Message);
    }

    [Fact]
    public void An_absurd_shape_is_an_error_not_an_allocation()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4)
            .Const("huge", [1f], 1L << 20, 1L << 20)
            .Op("Add", "out", ["x", "huge"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1043", error.Code);
    }

    [Fact]
    public void An_unfed_placeholder_asks_for_inputs()
    {
        var path = Write(new GraphDefBuilder().Placeholder("x", -1, 4).Placeholder("y", -1, 4).Op("Add", "out", ["x", "y"]));

        var error = Assert.Single(CompiledModel.Diagnose(path, "out", inputs: "x"));

        Assert.Equal("CG1042", error.Code);
        Assert.Contains("'y'", error.Message);
    }

    [Fact]
    public void A_float32_kernel_on_an_integer_value_is_an_error_naming_the_node_not_code_that_does_not_compile()
    {
        // Softmax of an int32 tensor: TensorFlow itself refuses it; a malformed graph must not reach the printer.
        var graph = GraphEdit.Parse(new GraphDefBuilder()).Placeholder("ids", Protos.DataType.DtInt32, -1, 4)
            .Node("out", "Softmax", ["ids"], ("T", GraphDefBuilder.Type(Protos.DataType.DtInt32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-bad-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());

        var error = Assert.Single(CompiledModel.Diagnose(path, "out"));

        Assert.Equal("CG1040", error.Code);
        Assert.Contains("'out' (Softmax)", error.Message);
        Assert.Contains("int32", error.Message);
    }
}
