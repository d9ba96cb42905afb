extern alias planning;

using BenchmarkDotNet.Attributes;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using planning::CheckpointGen.Planning.Items;
using planning::CheckpointGen.Planning.Layout;
using planning::CheckpointGen.Planning.Selection;
using Planned = planning::CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Benchmarks.Build.Generation;

/// <summary>
/// Compiling the generated class of a 10,000-variable model (float [4, 4] tensors
/// <c>block_NN/layer_NN/kernel</c>, 100 × 100 scopes, Lazy mode, class <c>Models.Huge</c>) with
/// Roslyn in process, to IL in memory: what a build pays for the generated code. The baseline is
/// the same model's class as an earlier generator printed it, read from the file named by
/// <c>CHECKPOINTGEN_COMPILE_BASELINE</c> (write it with that version's
/// <c>checkpointgen generate CKPT -o DIR --mode Lazy --class Huge --namespace Models</c> on a
/// checkpoint of these keys, written with <c>CheckpointWriter</c>); the other is this generator's.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private const int Blocks = 100;
    private SyntaxTree _baseline = null!;
    private SyntaxTree _current = null!;
    private MetadataReference[] _references = null!;

    [GlobalSetup]
    public void Setup()
    {
        var baseline = Environment.GetEnvironmentVariable("CHECKPOINTGEN_COMPILE_BASELINE")
            ?? throw new InvalidOperationException("Set CHECKPOINTGEN_COMPILE_BASELINE to the baseline generator's Huge.g.cs (see the class's docs).");
        _baseline = CSharpSyntaxTree.ParseText(File.ReadAllText(baseline), GeneratorInputs.ParseOptions, path: "Baseline.g.cs");
        _current = CSharpSyntaxTree.ParseText(PlanPrinter.Print(Plan(), hasHalf: true, "1.0.0.0", nullable: true), GeneratorInputs.ParseOptions, path: "Huge.g.cs");
        _references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
        Compile(_baseline);
        Compile(_current);
    }

    [Benchmark(Baseline = true)]
    public long Baseline() => Compile(_baseline);

    [Benchmark]
    public long Current() => Compile(_current);

    private long Compile(SyntaxTree tree)
    {
        // A fresh compilation each time: a build compiles from scratch.
        var compilation = CSharpCompilation.Create(
            "Consumer", new[] { tree }, _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        if (!result.Success)
        {
            throw new InvalidOperationException("The generated class does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        }
        return output.Length;
    }

    private static IEnumerable<string> Keys() =>
        Enumerable.Range(0, Blocks * Blocks).Select(i => $"block_{i / Blocks:D2}/layer_{i % Blocks:D2}/kernel");

    private static CheckpointPlan Plan()
    {
        var tensors = Keys()
            .Select(k => new Planned.PlanTensor(k, string.Empty, "float32", new planning::CheckpointGen.EquatableArray<long>(new long[] { 4, 4 }), -1, 64, string.Empty, string.Empty))
            .ToList();
        var settings = new ItemSettings("Huge", "Models", "public", "Lazy", KeepPolicy.Model, string.Empty, string.Empty, new Dictionary<string, string>(), CopyToOutput: false);
        var plan = ClassPlanner.Plan(settings, "models/huge", string.Empty, "checkpoints/Huge/model.ckpt-1", tensors, Array.Empty<Planned.PlanSignature>()).Plan;
        return SyntheticModel.Parse(Planned.PlanFormat.Write(plan));
    }
}
