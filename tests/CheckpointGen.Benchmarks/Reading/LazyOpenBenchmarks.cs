using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Reading;

/// <summary>
/// What a generated Lazy class does when it opens a 10,000-variable checkpoint: open it and
/// check every compiled name, dtype and shape against the index (MappedTensorStorage.Open),
/// against listing the same checkpoint (the baseline). The target is at most twice the listing.
/// </summary>
[MemoryDiagnoser]
public class LazyOpenBenchmarks
{
    private const int VariableCount = 10_000;

    private GeneratedCheckpoint _files = null!;
    private TensorDescriptor[] _descriptors = [];

    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratedCheckpoint.Write(VariableCount, floatsPerTensor: 4);
        _descriptors = Enumerable.Range(0, VariableCount)
            .Select(i => new TensorDescriptor(GeneratedCheckpoint.TensorName(i), TensorDataType.Float, [4], -1, 16))
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true, Description = "Checkpoint.Open + enumerate Variables")]
    public long List()
    {
        using var checkpoint = Checkpoint.Open(_files.Prefix);
        long elements = 0;
        foreach (var variable in checkpoint.Variables)
        {
            elements += variable.ElementCount;
        }
        return elements;
    }

    [Benchmark(Description = "MappedTensorStorage.Open (typed Lazy class)")]
    public int OpenLazy()
    {
        using var storage = MappedTensorStorage.Open(_files.Prefix, _descriptors);
        return storage.Checkpoint.Variables.Count;
    }
}
