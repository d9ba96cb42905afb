using CheckpointGen.Generators.Analysis;
using CheckpointGen.Generators.Emit;
using CheckpointGen.Generators.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators;

/// <summary>
/// Generates a typed class per &lt;Checkpoint&gt; item by printing the plan the build worker wrote.
/// Pipeline: find plans among AdditionalFiles (by compiler-visible item metadata) → parse into a
/// value-equal model → print. Unrelated edits leave every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CheckpointGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names for tests of incremental caching.</summary>
    public static class Steps
    {
        /// <summary>Plans parsed into models.</summary>
        public const string Manifests = nameof(Manifests);

        /// <summary>Whether the referenced CheckpointGen.Runtime build reads float16 as System.Half.</summary>
        public const string HasHalf = nameof(HasHalf);

        /// <summary>Whether the project's C# has nullable reference types (8.0 and later).</summary>
        public const string Nullable = nameof(Nullable);

        /// <summary>Whether the compilation references CheckpointGen.Inference, which generated inference methods call.</summary>
        public const string HasInference = nameof(HasInference);

        /// <summary>Whether CheckpointGen.Runtime (which reads checkpoint files) is referenced.</summary>
        public const string ReadsFiles = nameof(ReadsFiles);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var plans = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(pair => PlanFile.IsPlan(pair.Left, pair.Right))
            .Select((pair, ct) => PlanFile.Parse(pair.Left.Path, pair.Left.GetText(ct)?.ToString()))
            .WithTrackingName(Steps.Manifests);

        var hasHalf = context.CompilationProvider
            .Select((c, _) => RuntimeBuild.OffersHalf(c))
            .WithTrackingName(Steps.HasHalf);

        var nullable = context.ParseOptionsProvider
            .Select((o, _) => o is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 })
            .WithTrackingName(Steps.Nullable);

        var hasInference = context.CompilationProvider
            .Select((c, _) => c.GetTypeByMetadataName("CheckpointGen.Inference.Graphs.Elementwise") is not null)
            .WithTrackingName(Steps.HasInference);

        var readsFiles = context.CompilationProvider
            .Select((c, _) => RuntimeBuild.ReadsFiles(c))
            .WithTrackingName(Steps.ReadsFiles);

        context.RegisterSourceOutput(
            plans.Combine(hasHalf.Combine(nullable).Combine(hasInference.Combine(readsFiles))),
            static (spc, pair) => Emit(spc, pair.Left, pair.Right.Left.Left, pair.Right.Left.Right, pair.Right.Right.Left, pair.Right.Right.Right));
    }

    private static void Emit(SourceProductionContext context, PlanParseResult result, bool hasHalf, bool nullable, bool hasInference, bool readsFiles)
    {
        if (result.Plan is not { } plan)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PlanUnreadable, result.Location, result.Path, result.Error));
            return;
        }
        if (!plan.IsEmbedded && !readsFiles)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LazyNeedsRuntime, result.Location, plan.FullClassName));
            return;
        }
        if (plan.Programs.Count > 0 && !hasInference)
        {
            // The CheckpointGen package depends on CheckpointGen.Inference, so this is a project that
            // excluded it (ExcludeAssets) or uses the generator without the package. Methods for a
            // SavedModel's signatures come by default and are left out silently; methods the item
            // asked for with Outputs are worth a warning.
            if (plan.Programs.Any(p => p.SignatureKey.Length == 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InferenceUnreferenced, result.Location, plan.FullClassName));
            }
            plan = plan with { Programs = EquatableArray<Contracts.Plan.PlanProgram>.Empty };
        }
        context.AddSource(plan.FullClassName + ".g.cs", PlanPrinter.Print(plan, hasHalf, GeneratorVersion.Value, nullable, readsFiles));
    }
}
