using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Benchmarks.Reading;

/// <summary>
/// Reading every tensor of a 1 GiB checkpoint (64 tensors of 16 MiB, page cache warm) against
/// reading its data file with a plain FileStream into the same buffer: the copy out of the page
/// cache that any reader pays. The checkpoint reads verify every CRC (ChecksumPolicy.Always)
/// unless the name says Never. Each call opens the checkpoint afresh, as a program loading its
/// weights does, so a read through a memory mapping pays for mapping the pages every time.
/// </summary>
public class ReadAllTensorsBenchmarks
{
    private const int TensorCount = 64;
    private const int FloatsPerTensor = 4 * 1024 * 1024;

    private static readonly CheckpointOpenOptions Verifying = new() { Checksums = ChecksumPolicy.Always, LoadGraph = false };
    private static readonly CheckpointOpenOptions Trusting = new() { Checksums = ChecksumPolicy.Never, LoadGraph = false };

    private GeneratedCheckpoint _files = null!;
    private float[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        _files = GeneratedCheckpoint.Write(TensorCount, FloatsPerTensor);
        _destination = GC.AllocateUninitializedArray<float>(TensorCount * FloatsPerTensor, pinned: true);
        Array.Clear(_destination);
    }

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true)]
    public long FileStreamRead()
    {
        var buffer = MemoryMarshal.AsBytes(_destination.AsSpan());
        using var stream = new FileStream(_files.DataFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var total = 0;
        for (int n; (n = stream.Read(buffer.Slice(total))) > 0;)
        {
            total += n;
        }
        return total;
    }

    [Benchmark]
    public long ReadInto_Always() => ReadEveryTensor(Verifying);

    /// <summary>
    /// What ReadInto with checksums did before the fused copy: each 256 KiB chunk read into the
    /// destination with pread, then checksummed from the cache: two passes over every byte.
    /// </summary>
    [Benchmark]
    public long ChunkedReadThenCrc_Before()
    {
        const int Chunk = 256 * 1024;
        var buffer = MemoryMarshal.AsBytes(_destination.AsSpan());
        using var file = File.OpenHandle(_files.DataFile);
        var crc = 0u;
        for (var done = 0; done < buffer.Length; done += Chunk)
        {
            var chunk = buffer.Slice(done, Math.Min(Chunk, buffer.Length - done));
            RandomAccess.Read(file, chunk, done);
            crc = Crc32C.Append(crc, chunk);
        }
        return crc;
    }

    [Benchmark]
    public long ReadInto_Never() => ReadEveryTensor(Trusting);

    [Benchmark]
    public long Read_Always()
    {
        using var checkpoint = Checkpoint.Open(_files.Prefix, Verifying);
        long total = 0;
        for (var i = 0; i < TensorCount; i++)
        {
            total += checkpoint.Read<float>(GeneratedCheckpoint.TensorName(i)).Length;
        }
        return total;
    }

    private long ReadEveryTensor(CheckpointOpenOptions options)
    {
        using var checkpoint = Checkpoint.Open(_files.Prefix, options);
        for (var i = 0; i < TensorCount; i++)
        {
            checkpoint.ReadInto(GeneratedCheckpoint.TensorName(i), _destination.AsSpan(i * FloatsPerTensor, FloatsPerTensor));
        }
        return _destination.Length;
    }
}
