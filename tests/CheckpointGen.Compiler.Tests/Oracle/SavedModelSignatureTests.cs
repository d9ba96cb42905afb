using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>A TF1 SavedModel without Outputs: one method per SignatureDef that compiles, fed where the signature feeds (after ParseExample).</summary>
public class SavedModelSignatureTests
{
    [Fact]
    public void Half_plus_two_serving_default_computes_half_plus_two()
    {
        using var model = CompiledModel.Build(FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123"), outputs: "", method: "ServingDefault");
        float[] x = [-4f, 0f, 1f, 2.5f, 100f];

        var y = model.Run(x.Length, x)[0];

        // The model's contract (its README and TF Serving's tests): y = 0.5 x + 2, from the variables a = 0.5 and b = 2.
        Close.Assert(x.Select(v => 0.5f * v + 2f).ToArray(), y, "y");
        Assert.Equal("serving_default", model.Program.SignatureKey);
        Assert.Equal("x", model.Program.Parameters[0].Name);
        Assert.Contains(model.Plan.Programs, p => p.Method == "ServingDefault");
    }
}
