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

        /// <summary>Whether the compilation has System.Half.</summary>
        public const string HasHalf = nameof(HasHalf);

        /// <summary>Whether the project's C# has nullable reference types (8.0 and later).</summary>
        public const string Nullable = nameof(Nullable);
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
            .Select((c, _) => c.GetTypeByMetadataName("System.Half") is not null)
            .WithTrackingName(Steps.HasHalf);

        var nullable = context.ParseOptionsProvider
            .Select((o, _) => o is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 })
            .WithTrackingName(Steps.Nullable);

        context.RegisterSourceOutput(
            plans.Combine(hasHalf.Combine(nullable)),
            static (spc, pair) => Emit(spc, pair.Left, pair.Right.Left, pair.Right.Right));
    }

    private static void Emit(SourceProductionContext context, PlanParseResult result, bool hasHalf, bool nullable)
    {
        if (result.Plan is not { } plan)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PlanUnreadable, result.Location, result.Path, result.Error));
            return;
        }
        context.AddSource(plan.FullClassName + ".g.cs", PlanPrinter.Print(plan, hasHalf, GeneratorVersion.Value, nullable));
    }
}
