using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Reading;

/// <summary>
/// Opening a checkpoint whose index lists 100,000 variables and enumerating them, against
/// LevelDB's own C++ table iterator on the same file (eng/tools/leveldb_list.cc: checksums
/// verified, every BundleEntryProto decoded into a struct with its name), which is the baseline.
/// The C++ program runs as a process that lists the index <see cref="CppRepeats"/> times, so its
/// row is the mean time of one listing, process start spread over the repeats (about 1 ms in all).
/// </summary>
[MemoryDiagnoser]
public class OpenIndexBenchmarks
{
    private const int VariableCount = 100_000;
    private const int CppRepeats = 20;

    private GeneratedCheckpoint _files = null!;
    private string _indexPath = string.Empty;
    private string _leveldbList = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratedCheckpoint.Write(VariableCount, floatsPerTensor: 4);
        _indexPath = _files.Prefix + ".index";
        _leveldbList = CppBaseline.Path("leveldb_list");
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = CppRepeats, Description = "C++ LevelDB table iterator (leveldb_list)")]
    public void LevelDbList() => CppBaseline.Run(_leveldbList, _indexPath, CppRepeats.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Benchmark(Description = "Checkpoint.Open + enumerate Variables")]
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
