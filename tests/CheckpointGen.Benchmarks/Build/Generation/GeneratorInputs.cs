using System.Diagnostics.CodeAnalysis;
using CheckpointGen.Generators;
using CheckpointGen.Generators.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CheckpointGen.Benchmarks.Build.Generation;

/// <summary>
/// What the compiler hands CheckpointGenerator in a user's build: one plan among the
/// AdditionalFiles, marked by the item metadata the package's props make compiler-visible.
/// </summary>
internal static class GeneratorInputs
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A fresh driver, with nothing cached, for the generator over one plan.</summary>
    public static GeneratorDriver Driver(string manifestText) =>
        CSharpGeneratorDriver.Create(
            new[] { new CheckpointGenerator().AsSourceGenerator() },
            new AdditionalText[] { new ManifestText("/consumer/obj/Release/net10.0/checkpointgen/" + SyntheticModel.ClassName + ".cgplan", manifestText) },
            ParseOptions,
            MarkedOptions.Instance);

    /// <summary>Throws unless the run generated exactly one file without an exception or a diagnostic.</summary>
    public static void EnsureClean(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || result.GeneratedSources.Length != 1 || !result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"The generator did not run cleanly: {result.Exception?.ToString() ?? string.Join("\n", result.Diagnostics)}");
        }
    }

    private sealed class ManifestText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Marks every additional file as a manifest; the benchmarks pass no other.</summary>
    private sealed class MarkedOptions : AnalyzerConfigOptionsProvider
    {
        public static MarkedOptions Instance { get; } = new();

        public override AnalyzerConfigOptions GlobalOptions => Marker.None;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Marker.None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Marker.Manifest;

        private sealed class Marker(bool isManifest) : AnalyzerConfigOptions
        {
            public static Marker None { get; } = new(false);

            public static Marker Manifest { get; } = new(true);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = isManifest && key == PlanFile.MarkerMetadata ? "true" : null;
                return value is not null;
            }
        }
    }
}
