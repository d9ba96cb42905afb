using CheckpointGen.Generators.Analysis;
using CheckpointGen.Generators.Emit;
using CheckpointGen.Generators.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators;

/// <summary>
/// Generates a typed class per &lt;Checkpoint&gt; item from the manifest the build task wrote.
/// Pipeline: find manifests among AdditionalFiles (by compiler-visible item metadata) → parse
/// into a value-equal model → emit. Unrelated edits leave every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CheckpointGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names for tests of incremental caching.</summary>
    public static class Steps
    {
        /// <summary>Manifests parsed into models.</summary>
        public const string Manifests = nameof(Manifests);

        /// <summary>Whether the referenced CheckpointGen.Runtime build reads float16 as System.Half.</summary>
        public const string HasHalf = nameof(HasHalf);

        /// <summary>Whether CheckpointGen.Runtime (which reads checkpoint files) is referenced.</summary>
        public const string ReadsFiles = nameof(ReadsFiles);

        /// <summary>Whether the project's C# has nullable reference types (8.0 and later).</summary>
        public const string Nullable = nameof(Nullable);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var manifests = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(pair => ManifestFile.IsManifest(pair.Left, pair.Right))
            .Select((pair, ct) => ManifestFile.Parse(pair.Left.Path, pair.Left.GetText(ct)?.ToString()))
            .WithTrackingName(Steps.Manifests);

        var hasHalf = context.CompilationProvider
            .Select((c, _) => RuntimeBuild.OffersHalf(c))
            .WithTrackingName(Steps.HasHalf);

        var readsFiles = context.CompilationProvider
            .Select((c, _) => RuntimeBuild.ReadsFiles(c))
            .WithTrackingName(Steps.ReadsFiles);

        var nullable = context.ParseOptionsProvider
            .Select((o, _) => o is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 })
            .WithTrackingName(Steps.Nullable);

        context.RegisterSourceOutput(
            manifests.Combine(hasHalf.Combine(readsFiles).Combine(nullable)),
            static (spc, pair) => Emit(spc, pair.Left, pair.Right.Left.Left, pair.Right.Left.Right, pair.Right.Right));
    }

    private static void Emit(SourceProductionContext context, ManifestParseResult result, bool hasHalf, bool readsFiles, bool nullable)
    {
        if (result.Manifest is not { } manifest)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ManifestUnreadable, Location.None, result.Path, result.Error));
            return;
        }
        if (!manifest.IsEmbedded && !readsFiles)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LazyNeedsRuntime, Location.None, manifest.FullClassName));
            return;
        }
        var layout = ClassLayout.Build(manifest);
        foreach (var c in layout.Collisions)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IdentifierCollision, Location.None, c.Where, c.First, c.Second, c.Identifier, c.Resolved));
        }
        var version = typeof(CheckpointGenerator).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";
        context.AddSource(manifest.FullClassName + ".g.cs", CheckpointEmitter.Emit(manifest, layout, hasHalf, version, nullable, readsFiles));
    }
}
