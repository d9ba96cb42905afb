using System.Globalization;
using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Analysis;

/// <summary>
/// String look-ups on generated classes are checked at compile time against the manifests of
/// real checkpoints: unknown names (with "did you mean"), wrong element types, strings read
/// through Get&lt;T&gt;. Names that are not constants cannot be checked and are left alone.
/// </summary>
public sealed class GetCallAnalyzerTests
{
    private static readonly Lazy<BuiltPlan> Regression = new(() => FixturePlans.Build("tf2onnx-regression/checkpoint/model", "Regression", "Embedded"));
    private static readonly Lazy<BuiltPlan> TaxiKeras = new(() => FixturePlans.Build("tfx-keras-savedmodel", "TaxiKeras", "Lazy"));
    private static readonly Lazy<BuiltPlan> HalfPlusTwoAll = new(() => FixturePlans.Build("serving-saved_model_half_plus_two_tf2_cpu/00000123", "HalfPlusTwo", "Lazy", keep: "All"));
    private static readonly Lazy<BuiltPlan> TinyT5 = new(() => FixturePlans.FromIndex("t5x-mtf_tiny_t5-bf16/model.ckpt-0", "TinyT5"));

    [Fact]
    public void A_known_name_with_its_element_type_is_accepted()
    {
        var diagnostics = Analyze(Regression, "Regression.Embedded.Get<float>(\"W\").Value + Regression.Embedded.Get<float>(Regression.Names.B).Value");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void An_unknown_name_is_an_error_that_suggests_the_closest_name()
    {
        var diagnostics = Analyze(TaxiKeras, "TaxiKeras.Open(\"x\").Get<float>(\"dense/kernal\").Value");

        var d = Assert.Single(diagnostics);
        Assert.Equal("CG3001", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("'TaxiKeras' has no variable 'dense/kernal'; did you mean 'dense/kernel'?", d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("\"dense/kernal\"", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void A_name_that_differs_only_in_case_is_unknown_and_suggested()
    {
        var d = Assert.Single(Analyze(Regression, "Regression.Embedded.Get<float>(\"B\").Value"));

        Assert.Equal("'Regression' has no variable 'B'; did you mean 'b'?", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_name_with_nothing_close_has_no_suggestion()
    {
        var d = Assert.Single(Analyze(Regression, "Regression.Embedded.Get<float>(\"completely_unrelated_name\").Value"));

        Assert.Equal("CG3001", d.Id);
        Assert.Equal("'Regression' has no variable 'completely_unrelated_name'", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_wrong_element_type_is_an_error()
    {
        var d = Assert.Single(Analyze(Regression, "(float)Regression.Embedded.Get<double>(\"W\").Value"));

        Assert.Equal("CG3002", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("'W' is float32; read it as float, not double", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Bfloat16_weights_must_be_read_as_BFloat16()
    {
        const string Name = "encoder/block_000/layer_000/SelfAttention/q";

        Assert.Empty(Analyze(TinyT5, $"(float)TinyT5.Open(\"x\").Get<BFloat16>(\"{Name}\").Value"));
        var d = Assert.Single(Analyze(TinyT5, $"TinyT5.Open(\"x\").Get<float>(\"{Name}\").Value"));
        Assert.Equal($"'{Name}' is bfloat16; read it as BFloat16, not float", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_string_variable_read_through_Get_is_an_error()
    {
        var d = Assert.Single(Analyze(HalfPlusTwoAll, "HalfPlusTwo.Open(\"x\").Get<byte>(\"_CHECKPOINTABLE_OBJECT_GRAPH\").Value"));

        Assert.Equal("CG3003", d.Id);
        Assert.Equal("'_CHECKPOINTABLE_OBJECT_GRAPH' is a string tensor; read it with GetStrings(\"_CHECKPOINTABLE_OBJECT_GRAPH\")", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GetStrings_is_for_string_variables_only()
    {
        Assert.Empty(Analyze(HalfPlusTwoAll, "HalfPlusTwo.Open(\"x\").GetStrings(\"_CHECKPOINTABLE_OBJECT_GRAPH\").Length"));
        var d = Assert.Single(Analyze(HalfPlusTwoAll, "HalfPlusTwo.Open(\"x\").GetStrings(\"a\").Length"));
        Assert.Equal("CG3002", d.Id);
        Assert.Equal("'a' is float32; read it as float, not strings", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Names_that_are_not_constants_are_not_checked()
    {
        var diagnostics = Analyze(Regression, "(float)Regression.Embedded.Get<double>(System.Environment.GetEnvironmentVariable(\"NAME\") ?? \"nope\").Value");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Real_variable_names_are_accepted_and_checked_like_stored_keys()
    {
        Assert.Empty(Analyze(TaxiKeras, "TaxiKeras.Open(\"x\").Get<float>(\"dense/kernel\").Value"));
        Assert.Empty(Analyze(HalfPlusTwoAll, "HalfPlusTwo.Open(\"x\").Get<float>(\"a/.ATTRIBUTES/VARIABLE_VALUE\").Value + HalfPlusTwo.Open(\"x\").Get<float>(\"a\").Value"));
        Assert.Equal("CG3002", Assert.Single(Analyze(TaxiKeras, "(float)TaxiKeras.Open(\"x\").Get<long>(\"dense_1/bias\").Value")).Id);
    }

    [Fact]
    public void Get_methods_of_other_classes_are_not_checked()
    {
        var diagnostics = Analyze(Regression, "Other.Get<double>(\"W\")", "internal static class Other { internal static float Get<T>(string name) => name.Length; }");

        Assert.Empty(diagnostics);
    }

    /// <summary>Compiles <paramref name="expression"/> (a float) as user code beside the generated class, then runs the analyzer.</summary>
    private static IReadOnlyList<Diagnostic> Analyze(Lazy<BuiltPlan> manifest, string expression, string extra = "")
    {
        var user = $$"""
            using CheckpointGen.Runtime;
            using Models;

            internal static class User
            {
                internal static float Read() => {{expression}};
            }

            {{extra}}
            """;
        var text = TestAdditionalText.Plan(manifest.Value.Text, manifest.Value.Parsed.ClassName);
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(user), text).AssertNoCrash().AssertCompilesCleanly();
        return GeneratorHarness.Analyze(run.Compilation, text);
    }
}
