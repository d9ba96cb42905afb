using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.Functions;

/// <summary>TF2 SavedModels: signatures whose forward pass lives in the function library, variables captured through the object graph.</summary>
public class Tf2SavedModelTests
{
    private const string HalfPlusTwo = "serving-saved_model_half_plus_two_tf2_cpu/00000123";

    /// <summary>
    /// Each float signature calls a signature wrapper that calls the model function, Mul(a, x) + addend,
    /// a and the addend captured (object graph nodes 1 and 2 or 3, checkpoint keys a/…, b/…, c/…: 0.5, 2, 3).
    /// The three tf.Example signatures (ParseExample) get methods too (ParseExampleTests).
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
        Assert.Equal(["ClassifyX2ToY3", "ClassifyXToY", "RegressX2ToY3", "RegressXToY", "RegressXToY2", "ServingDefault"], model.Plan.Programs.Select(p => p.Method).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Half_plus_two_tf2_serving_default_predicts_as_tensorflow()
    {
        var folder = FixturePaths.Get(HalfPlusTwo);
        using var model = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        float[] x = [7.25f];

        var actual = model.Run(1, x)[0];

        var expected = TfjsOracle.RunSavedModel(Path.Combine(folder, "saved_model.pb"), Variables(folder),
            new Dictionary<string, OracleTensor> { ["serving_default_x"] = OracleTensor.Float(x, 1) }, "StatefulPartitionedCall_5:0")["StatefulPartitionedCall_5:0"];
        Close.Assert(expected.Values, actual, "y");
    }

    /// <summary>
    /// The TFX penguin Keras model (concatenate → Dense relu → Dense relu → Dense softmax, in a
    /// serving function that parses tf.Example first): fed after the parsing, at the four features
    /// the transform layer passes on, its forward pass through three levels of calls matches TensorFlow.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Tfx_keras_model_fed_after_parsing_predicts_as_tensorflow(int batch)
    {
        var folder = FixturePaths.Get("tfx-keras-savedmodel");
        string[] features = ["F_body_mass_g", "F_culmen_depth_mm", "F_culmen_length_mm", "F_flipper_length_mm"];
        var fed = features.Select(f => $"StatefulPartitionedCall/StatefulPartitionedCall/transform_features_layer/PartitionedCall/inputs/inputs/{f}/Placeholder_copy").ToArray();
        using var model = CompiledModel.Build(folder, outputs: "StatefulPartitionedCall:0", inputs: string.Join(";", fed.Select(f => f + "[?,1]")));
        var values = features.Select((_, i) => Close.Random(batch, 20 + i)).ToArray();

        var actual = model.Run(batch, values)[0];

        var inputs = fed.Select((name, i) => (name, OracleTensor.Float(values[i], batch, 1))).ToDictionary(p => p.name, p => p.Item2);
        var expected = TfjsOracle.RunSavedModel(Path.Combine(folder, "saved_model.pb"), Variables(folder), inputs, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];
        Assert.Equal(new[] { batch, 3 }, expected.Shape);
        Close.Assert(expected.Values, actual, "output_0");
    }

    /// <summary>The checkpoint's float variables by key, for the oracle (which binds them through the object graph itself).</summary>
    private static Dictionary<string, (float[], long[])> Variables(string folder)
    {
        using var checkpoint = Checkpoint.Open(folder);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(v => v.Name, v => (checkpoint.Read<float>(v.Name), v.Shape.ToArray()));
    }
}
