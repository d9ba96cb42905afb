using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Reading;

/// <summary>
/// Zero-copy access to one 1 MiB tensor, from the middle of a 10 MiB and of a 1 GiB checkpoint
/// (both open, checksums off, mapping made and pages touched at setup): the span costs a lookup
/// and a pointer, and summing its elements touches only its own pages, so both must cost the same.
/// </summary>
public class ZeroCopyBenchmarks
{
    private const int FloatsPerTensor = 256 * 1024;

    private GeneratedCheckpoint _smallFiles = null!;
    private GeneratedCheckpoint _largeFiles = null!;
    private Checkpoint _small = null!;
    private Checkpoint _large = null!;
    private string _smallTensor = string.Empty;
    private string _largeTensor = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _smallFiles = GeneratedCheckpoint.Write(10, FloatsPerTensor);
        _largeFiles = GeneratedCheckpoint.Write(1024, FloatsPerTensor);
        var options = new CheckpointOpenOptions { Checksums = ChecksumPolicy.Never };
        _small = Checkpoint.Open(_smallFiles.Prefix, options);
        _large = Checkpoint.Open(_largeFiles.Prefix, options);
        _smallTensor = GeneratedCheckpoint.TensorName(_smallFiles.TensorCount / 2);
        _largeTensor = GeneratedCheckpoint.TensorName(_largeFiles.TensorCount / 2);
        SmallCheckpoint();
        LargeCheckpoint();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _small.Dispose();
        _large.Dispose();
        _smallFiles.Dispose();
        _largeFiles.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float SmallCheckpoint() => TensorPrimitives.Sum(_small.GetSpan<float>(_smallTensor));

    [Benchmark]
    public float LargeCheckpoint() => TensorPrimitives.Sum(_large.GetSpan<float>(_largeTensor));
}
