using System.Collections.Immutable;
using System.Globalization;
using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Compatibility;

/// <summary>
/// Element types follow the CheckpointGen.Runtime build a project compiles against (the build
/// deployed with it), not the project's framework: every test compilation here is net10.0, which
/// has System.Half, yet against the netstandard2.0 runtime build float16 is ushort. The analyzer
/// accepts what that runtime build reads: the element type, and ushort raw bits for float16 and
/// bfloat16 in every build.
/// </summary>
public sealed class RuntimeBuildTests
{
    private static readonly string Plan = new TestPlan()
        .Tensor("h", "float16", new long[] { 2 })
        .Tensor("bf", "bfloat16", new long[] { 2 })
        .Text();

    [Fact]
    public void Against_the_net10_runtime_build_float16_is_Half()
    {
        var run = Generate(TestReferences.All);

        Assert.Contains("CheckpointTensor<global::System.Half> H =>", run.Source, StringComparison.Ordinal);
        Assert.Contains("CheckpointTensor<global::CheckpointGen.Runtime.BFloat16> Bf =>", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Against_the_netstandard2_0_runtime_build_float16_is_ushort_even_where_the_framework_has_Half()
    {
        var run = Generate(TestReferences.WithNetStandardRuntime);

        Assert.Contains("CheckpointTensor<ushort> H =>", run.Source, StringComparison.Ordinal);
        Assert.Contains("CheckpointTensor<global::CheckpointGen.Runtime.BFloat16> Bf =>", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Against_the_accessors_alone_an_embedded_class_has_no_Open_path_and_a_lazy_class_is_CG2003()
    {
        Assert.Contains(" Open(string pathOrPrefix)", Generate(TestReferences.All).Source, StringComparison.Ordinal);
        Assert.DoesNotContain(" Open(string pathOrPrefix)", Generate(TestReferences.WithNetStandardRuntime).Source, StringComparison.Ordinal);

        var lazy = new TestPlan("Model", "Lazy").Tensor("h", "float32", new long[] { 2 }).Text();
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(GeneratorHarness.ParseOptions, TestReferences.WithNetStandardRuntime), TestAdditionalText.Plan(lazy)).AssertNoCrash();

        var d = Assert.Single(run.Single.Diagnostics);
        Assert.Equal("CG2003", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("Models.Model", d.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.Single.GeneratedSources);
    }

    [Fact]
    public void Raw_bits_and_the_element_type_are_accepted_by_every_runtime_build()
    {
        Assert.Empty(Analyze(TestReferences.All, "(float)M.Get<System.Half>(\"h\").Value + M.Get<ushort>(\"h\").Value + (float)M.Get<BFloat16>(\"bf\").Value + M.Get<ushort>(\"bf\").Value"));
        Assert.Empty(Analyze(TestReferences.WithNetStandardRuntime, "M.Get<ushort>(\"h\").Value + (float)M.Get<BFloat16>(\"bf\").Value + M.Get<ushort>(\"bf\").Value"));
    }

    [Fact]
    public void Half_against_a_runtime_build_without_it_is_a_compile_time_error()
    {
        var d = Assert.Single(Analyze(TestReferences.WithNetStandardRuntime, "(float)M.Get<System.Half>(\"h\").Value"));

        Assert.Equal("CG3004", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(
            "'h' is float16, but the CheckpointGen.Runtime build this project compiles against (netstandard2.0) reads it as raw bits; read it as ushort, or target net8.0 or later for Half",
            d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Another_type_names_both_the_element_type_and_the_raw_bits()
    {
        var d = Assert.Single(Analyze(TestReferences.All, "M.Get<float>(\"h\").Value"));

        Assert.Equal("CG3002", d.Id);
        Assert.Equal("'h' is float16; read it as Half (or ushort for the raw bits), not float", d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(
            "'h' is float16; read it as ushort, not short",
            Assert.Single(Analyze(TestReferences.WithNetStandardRuntime, "M.Get<short>(\"h\").Value")).GetMessage(CultureInfo.InvariantCulture));
    }

    private static GeneratorRun Generate(ImmutableArray<MetadataReference> references) =>
        GeneratorHarness.Run(GeneratorHarness.Compilation(GeneratorHarness.ParseOptions, references), TestAdditionalText.Plan(Plan))
            .AssertNoCrash()
            .AssertCompilesCleanly();

    /// <summary>Compiles <paramref name="expression"/> (a float) beside the generated class against <paramref name="references"/>, then runs the analyzer.</summary>
    private static IReadOnlyList<Diagnostic> Analyze(ImmutableArray<MetadataReference> references, string expression)
    {
        var user = $$"""
            using CheckpointGen.Runtime;
            using Models;

            internal static class User
            {
                private static Model M => Model.Embedded;

                internal static float Read() => {{expression}};
            }
            """;
        var text = TestAdditionalText.Plan(Plan);
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(GeneratorHarness.ParseOptions, references, user), text).AssertNoCrash().AssertCompilesCleanly();
        return GeneratorHarness.Analyze(run.Compilation, text);
    }
}
