using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>A TF1 SavedModel without Outputs: one method per SignatureDef, fed where the signature feeds (the tf.Example signatures: ParseExampleTests).</summary>
public class SavedModelSignatureTests
{
    private const string HalfPlusTwo = "serving-saved_model_half_plus_two_cpu/00000123";

    [Fact]
    public void Half_plus_two_serving_default_computes_half_plus_two()
    {
        using var model = CompiledModel.Build(FixturePaths.Get(HalfPlusTwo), outputs: "", method: "ServingDefault");
        float[] x = [-4f, 0f, 1f, 2.5f, 100f];

        var y = model.Run(x.Length, x)[0];

        // The model's contract (its README and TF Serving's tests): y = 0.5 x + 2, from the variables a = 0.5 and b = 2.
        Close.Assert(x.Select(v => 0.5f * v + 2f).ToArray(), y, "y");
        Assert.Equal("serving_default", model.Program.SignatureKey);
        Assert.Equal("x", model.Program.Parameters[0].Name);
        Assert.Contains(model.Plan.Programs, p => p.Method == "ServingDefault");
    }

    [Theory]
    [InlineData("ServingDefault", "serving_default", 1)]
    [InlineData("ServingDefault", "serving_default", 9)]
    [InlineData("RegressX2ToY3", "regress_x2_to_y3", 1)]
    [InlineData("RegressX2ToY3", "regress_x2_to_y3", 9)]
    public void Half_plus_two_signatures_compute_what_TensorFlow_computes_on_the_cut_graph(string method, string signature, int batch)
    {
        var folder = FixturePaths.Get(HalfPlusTwo);
        using var model = CompiledModel.Build(folder, outputs: "", method: method);
        var x = Close.Random(batch, seed: batch * 31 + method.Length, scale: 50f);

        var actual = model.Run(batch, x);

        // The parameter is named after the signature's input key (x, inputs), which the oracle feeds.
        var input = Assert.Single(model.Program.Parameters);
        var expected = Assert.Single(TfjsOracle.RunSignature(Path.Combine(folder, "saved_model.pb"), signature, Variables(folder),
            new Dictionary<string, OracleTensor> { [input.Name] = OracleTensor.Float(x, batch) }));
        Assert.Equal(signature, model.Program.SignatureKey);
        Assert.Equal(Assert.Single(model.Program.Results).Name, expected.Key);
        Assert.Equal(new[] { batch }, expected.Value.Shape);
        Close.Assert(expected.Value.Values, Assert.Single(actual), expected.Key);
    }

    /// <summary>The checkpoint's float variables by their graph names, for the oracle's VariableV2 nodes.</summary>
    private static Dictionary<string, OracleTensor> Variables(string folder)
    {
        using var checkpoint = Checkpoint.Open(folder);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(
            v => v.VariableName ?? v.Name,
            v => OracleTensor.Float(checkpoint.Read<float>(v.Name), v.Shape.ToArray().Select(d => (int)d).ToArray()));
    }
}
