using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Reading;

/// <summary>
/// Opening a checkpoint whose index lists 100,000 variables and enumerating them, against
/// reading the index file's bytes: the part of opening that no parser can avoid.
/// </summary>
[MemoryDiagnoser]
public class OpenIndexBenchmarks
{
    private const int VariableCount = 100_000;

    private GeneratedCheckpoint _files = null!;
    private string _indexPath = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratedCheckpoint.Write(VariableCount, floatsPerTensor: 4);
        _indexPath = _files.Prefix + ".index";
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true)]
    public int ReadIndexBytes() => File.ReadAllBytes(_indexPath).Length;

    [Benchmark]
    public long OpenAndList()
    {
        using var checkpoint = Checkpoint.Open(_files.Prefix);
        long elements = 0;
        foreach (var variable in checkpoint.Variables)
        {
            elements += variable.ElementCount;
        }
        return elements;
    }
}
