using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.Compiler.Tests.Functions;

/// <summary>TF2 SavedModels: signatures whose forward pass lives in the function library, variables captured through the object graph.</summary>
public class Tf2SavedModelTests
{
    private const string HalfPlusTwo = "serving-saved_model_half_plus_two_tf2_cpu/00000123";

    /// <summary>
    /// Each float signature calls a signature wrapper that calls the model function, Mul(a, x) + addend,
    /// a and the addend captured (object graph nodes 1 and 2 or 3, checkpoint keys a/…, b/…, c/…: 0.5, 2, 3).
    /// The three tf.Example signatures (ParseExample) are left out.
    /// </summary>
    [Theory]
    [InlineData("ServingDefault", "serving_default", "x", 2f)]
    [InlineData("RegressX2ToY3", "regress_x2_to_y3", "inputs", 3f)]
    [InlineData("ClassifyX2ToY3", "classify_x2_to_y3", "inputs", 3f)]
    public void Half_plus_two_tf2_float_signatures_compute_their_function(string method, string key, string input, float addend)
    {
        using var model = CompiledModel.Build(FixturePaths.Get(HalfPlusTwo), outputs: "", method: method);

        // The signatures declare x as shape [1]: one value per call.
        foreach (var x in new[] { -4f, 0f, 1f, 2.5f, 100f })
        {
            var y = model.Run(1, [x])[0];
            Close.Assert([0.5f * x + addend], y, method);
        }
        Assert.Equal(key, model.Program.SignatureKey);
        Assert.Equal(input, model.Program.Parameters[0].Name);
        Assert.Equal(["ClassifyX2ToY3", "RegressX2ToY3", "ServingDefault"], model.Plan.Programs.Select(p => p.Method).Order());
    }
}
