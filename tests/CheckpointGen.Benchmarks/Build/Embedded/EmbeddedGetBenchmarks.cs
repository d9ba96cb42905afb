using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Build.Generation;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Build.Embedded;

/// <summary>
/// Reading a tensor of a generated Embedded class (32 layers, 256 tensors, 2 MiB of weights):
/// through a generated property, through <c>Get&lt;float&gt;(name)</c>, and through the runtime's
/// storage directly (the baseline). Each call builds a new tensor view and caches nothing, so every
/// call costs what a first Get of that tensor costs once the class is loaded; the target is 0 bytes.
/// OpenStorage is what loading the class does once per process, for scale.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedGetBenchmarks
{
    private const int Layers = 32;
    private const int ReadLayer = Layers / 2;

    private CompiledConsumer _consumer = null!;
    private TensorDescriptor[] _descriptors = null!;
    private TensorStorage _storage = null!;
    private int _index;
    private Func<float> _byProperty = null!;
    private Func<float> _byName = null!;

    [GlobalSetup]
    public void Setup()
    {
        var planText = SyntheticModel.PlanText(Layers, width: 64);
        var manifest = SyntheticModel.Parse(planText);
        _consumer = CompiledConsumer.Compile(planText, SyntheticModel.Weights(manifest), ReadLayer);
        _descriptors = manifest.Tensors.Select(Descriptor).ToArray();
        _storage = OpenStorage();
        _index = manifest.Tensors.Select(t => t.Key).ToList().IndexOf(SyntheticModel.TensorName(ReadLayer, "dense/kernel"));
        _byProperty = _consumer.Method("ByProperty");
        _byName = _consumer.Method("ByName");

        var expected = SyntheticModel.FirstValue(_index);
        if (StorageGetTensor() != expected || GeneratedProperty() != expected || GeneratedGetByName() != expected)
        {
            throw new InvalidOperationException($"The three ways to read {SyntheticModel.TensorName(ReadLayer, "dense/kernel")} do not all give {expected}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_consumer.Folder, recursive: true);

    [Benchmark(Baseline = true)]
    public float StorageGetTensor() => _storage.GetTensor<float>(_index).Span[0];

    [Benchmark]
    public float GeneratedProperty() => _byProperty();

    [Benchmark]
    public float GeneratedGetByName() => _byName();

    [Benchmark]
    public TensorStorage OpenStorage() => EmbeddedTensorStorage.FromResource(_consumer.Assembly, SyntheticModel.ResourceName, _descriptors);

    private static TensorDescriptor Descriptor(PlanTensor t) =>
        new(t.Key, TensorDataType.Float, t.Shape.ToArray(), t.Offset, t.ByteLength);
}
