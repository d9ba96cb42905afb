using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Tests.Compatibility;

/// <summary>
/// The runtime targets netstandard2.0, so .NET Framework projects use the package, and their C#
/// defaults to 7.3: generated code must compile in every language version such a project may
/// use, with nullable annotations where the language has them.
/// </summary>
public sealed class LanguageVersionTests
{
    private static readonly Lazy<BuiltPlan> Manifest = new(() => FixturePlans.Build("tfx-keras-savedmodel", "TaxiKeras", "Embedded"));

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.CSharp8)]
    [InlineData(LanguageVersion.CSharp9)]
    [InlineData(LanguageVersion.CSharp12)]
    public void Generated_code_compiles_in_every_language_version_a_project_may_use(LanguageVersion version)
    {
        var options = new CSharpParseOptions(version, DocumentationMode.Diagnose);
        var compilation = GeneratorHarness.Compilation(options, "internal static class User { internal static float Read() => Models.TaxiKeras.Embedded.Dense.Kernel.Span[0]; }");
        if (version < LanguageVersion.CSharp8)
        {
            compilation = compilation.WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Disable));
        }

        var run = GeneratorHarness.Run(compilation, TestAdditionalText.Plan(Manifest.Value.Text, "TaxiKeras")).AssertNoCrash().AssertCompilesCleanly();

        Assert.Equal(version >= LanguageVersion.CSharp8, run.Source.Contains("#nullable enable", StringComparison.Ordinal));
    }
}
