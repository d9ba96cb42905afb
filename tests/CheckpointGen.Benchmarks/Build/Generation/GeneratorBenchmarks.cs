using BenchmarkDotNet.Attributes;
using CheckpointGen.Generators.Emit;
using CheckpointGen.Generators.Pipeline;
using CheckpointGen.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Benchmarks.Build.Generation;

/// <summary>
/// CheckpointGenerator on a 10,000-variable manifest (1,250 layers of eight tensors): the whole
/// run through Roslyn's driver with nothing cached, as in a cold build (reading the manifest,
/// laying out the class, emitting it, and the driver parsing the generated C#), and its steps
/// alone. No ratio target: the figures say where the generator's time and memory go.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Layers = 1_250;
    private const string GeneratorVersion = "1.0.0.0";

    private string _manifestText = string.Empty;
    private CheckpointManifest _manifest = null!;
    private ClassLayout _layout = null!;
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _manifest = SyntheticModel.Manifest(Layers, width: 64);
        _manifestText = ManifestFormat.Write(_manifest);
        _layout = ClassLayout.Build(_manifest);
        // The generator looks up System.Half and nothing else, so the core library is enough.
        _compilation = CSharpCompilation.Create(
            "Consumer",
            references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            options: new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        GeneratorInputs.EnsureClean(GeneratorDriver());
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver GeneratorDriver() => GeneratorInputs.Driver(_manifestText).RunGenerators(_compilation);

    /// <summary>The pipeline's first step: parse and validate.</summary>
    [Benchmark]
    public int ReadManifest() => ManifestFile.Parse("Network.cgmanifest", _manifestText).Manifest!.Tensors.Count;

    [Benchmark]
    public int BuildLayout() => ClassLayout.Build(_manifest).FlatNames.Count;

    [Benchmark]
    public string Emit() => CheckpointEmitter.Emit(_manifest, _layout, hasHalf: true, GeneratorVersion);
}
