using BenchmarkDotNet.Attributes;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators.Emit;
using CheckpointGen.Generators.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Benchmarks.Build.Generation;

/// <summary>
/// CheckpointGenerator on a 10,000-variable plan (1,250 layers of eight tensors): the whole run
/// through Roslyn's driver with nothing cached, as in a cold build (reading the plan, printing it,
/// and the driver parsing the generated C#), and its steps alone. No ratio target: the figures say
/// where the generator's time and memory go.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Layers = 1_250;
    private const string GeneratorVersion = "1.0.0.0";

    private string _planText = string.Empty;
    private CheckpointPlan _plan = null!;
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _planText = SyntheticModel.PlanText(Layers, width: 64);
        _plan = SyntheticModel.Parse(_planText);
        // The generator looks up System.Half and nothing else, so the core library is enough.
        _compilation = CSharpCompilation.Create(
            "Consumer",
            references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            options: new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        GeneratorInputs.EnsureClean(GeneratorDriver());
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver GeneratorDriver() => GeneratorInputs.Driver(_planText).RunGenerators(_compilation);

    /// <summary>The pipeline's first step: parse the plan.</summary>
    [Benchmark]
    public int ReadPlan() => PlanFile.Parse("Network.cgplan", _planText).Plan!.Tensors.Count;

    [Benchmark]
    public string Print() => PlanPrinter.Print(_plan, hasHalf: true, GeneratorVersion, nullable: true);
}
