using System.Collections.Immutable;
using CheckpointGen.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the generator and the analyzer the way the compiler does in a user's build: a
/// nullable-enabled library referencing the runtime, with manifests as AdditionalFiles.
/// </summary>
internal static class GeneratorHarness
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>A library compilation of <paramref name="sources"/>: nullable enabled, every warning wave on.</summary>
    public static CSharpCompilation Compilation(params string[] sources) => Compilation(ParseOptions, sources);

    /// <summary>A library compilation of <paramref name="sources"/> in the language version <paramref name="options"/> give.</summary>
    public static CSharpCompilation Compilation(CSharpParseOptions options, params string[] sources) =>
        Compilation(options, TestReferences.All, sources);

    /// <summary>A library compilation of <paramref name="sources"/> against <paramref name="references"/>.</summary>
    public static CSharpCompilation Compilation(CSharpParseOptions options, ImmutableArray<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"/project/Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999, deterministic: true));

    /// <summary>Runs the generator once over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(Compilation compilation, params AdditionalText[] additionalFiles) =>
        Run(Driver(compilation.SyntaxTrees.Select(t => t.Options).OfType<CSharpParseOptions>().FirstOrDefault() ?? ParseOptions, additionalFiles), compilation);

    /// <summary>Runs (or re-runs, reusing its cache) <paramref name="driver"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    /// <summary>Generates from one manifest and returns the run; the usual shape of a test.</summary>
    public static GeneratorRun Generate(string manifest, params string[] sources) =>
        Run(Compilation(sources), TestAdditionalText.Plan(manifest));

    /// <summary>Generates from one manifest in a project that compiles against <paramref name="references"/>.</summary>
    public static GeneratorRun Generate(ImmutableArray<MetadataReference> references, string manifest) =>
        Run(Compilation(ParseOptions, references), TestAdditionalText.Plan(manifest));

    /// <summary>The analyzer's diagnostics for a compilation that already holds the generated code.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, params AdditionalText[] additionalFiles)
    {
        var options = new AnalyzerOptions(additionalFiles.ToImmutableArray(), ManifestOptionsProvider.Instance);
        var exceptions = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new GetCallAnalyzer()),
            new CompilationWithAnalyzersOptions(options, (e, _, _) => exceptions.Add(e), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>A driver for the generator that records every step's run reason; generated files are parsed with <paramref name="options"/>.</summary>
    private static GeneratorDriver Driver(CSharpParseOptions options, params AdditionalText[] additionalFiles) =>
        CSharpGeneratorDriver.Create(
            new[] { new CheckpointGenerator().AsSourceGenerator() },
            additionalFiles,
            options,
            ManifestOptionsProvider.Instance,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
}

/// <summary>One generator run: the driver (for the next, incremental run), the compilation with the generated code, and the generator's diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public GeneratorRunResult Single => Assert.Single(Result.Results);

    /// <summary>The one generated file's text.</summary>
    public string Source => Assert.Single(Single.GeneratedSources).SourceText.ToString();

    /// <summary>The generator itself must never throw, whatever the input.</summary>
    public GeneratorRun AssertNoCrash()
    {
        Assert.Null(Single.Exception);
        return this;
    }

    /// <summary>
    /// Fails with the problems, and the generated code, if compiling the user's code with the
    /// generated code gives any error or warning (a build with warnings as errors fails on both).
    /// </summary>
    public GeneratorRun AssertCompilesCleanly()
    {
        var problems = Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The user code and the generated code do not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + string.Join("\n", Single.GeneratedSources.Select(s => s.SourceText.ToString())));
        return this;
    }
}
