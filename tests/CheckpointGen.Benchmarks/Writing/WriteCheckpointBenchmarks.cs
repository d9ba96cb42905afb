using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using CheckpointGen.Runtime;

namespace CheckpointGen.Benchmarks.Writing;

/// <summary>
/// Writing a 1 GiB checkpoint (64 float tensors of 16 MiB, CRCs computed, index written,
/// temp files renamed into place) against writing the same bytes with a plain FileStream.
/// Both write to the same folder: /dev/shm when the machine has it, because on a VM's disk the
/// kernel's write-back swings timings by several times and would measure the host, not us.
/// </summary>
public class WriteCheckpointBenchmarks
{
    private const int TensorCount = 64;
    private const int FloatsPerTensor = 4 * 1024 * 1024;

    private readonly float[][] _tensors = new float[TensorCount][];
    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "checkpointgen-write-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var random = new Random(7);
        for (var i = 0; i < TensorCount; i++)
        {
            _tensors[i] = new float[FloatsPerTensor];
            for (var j = 0; j < FloatsPerTensor; j += 1024)
            {
                _tensors[i][j] = (float)random.NextDouble();
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public long FileStreamWrite()
    {
        using var stream = new FileStream(Path.Combine(_directory, "plain.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var tensor in _tensors)
        {
            stream.Write(MemoryMarshal.AsBytes(tensor.AsSpan()));
        }
        return stream.Length;
    }

    [Benchmark]
    public long CheckpointWriterCommit()
    {
        using var writer = new CheckpointWriter(Path.Combine(_directory, "model"));
        for (var i = 0; i < TensorCount; i++)
        {
            writer.Add("layer_" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "/kernel", TensorShape.Create(FloatsPerTensor), TensorData.FromValues(_tensors[i]));
        }
        writer.Commit();
        return TensorCount;
    }
}
