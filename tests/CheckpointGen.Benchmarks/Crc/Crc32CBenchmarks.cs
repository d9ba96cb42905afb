using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Benchmarks.Crc;

/// <summary>
/// CRC32C against the memory-bandwidth floor: summing the same buffer as 256-bit vectors, which
/// does the least work a pass over the bytes can do. 64 MiB is twice the last-level cache, so it
/// comes from memory; 256 KiB (the reader's chunk) stays in cache, where the CRC is compute-bound.
/// The one-stream instruction loop is what Compute did before the folding path.
/// </summary>
[MemoryDiagnoser(false)]
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(256 * 1024, 64 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public ulong VectorSum()
    {
        var vectors = MemoryMarshal.Cast<byte, Vector256<ulong>>(_data);
        Vector256<ulong> a = default, b = default, c = default, d = default;
        for (var i = 0; i + 4 <= vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }
        return Vector256.Sum(a + b + c + d);
    }

    [Benchmark]
    public uint Compute() => Crc32C.Compute(_data);

    [Benchmark]
    public uint OneStream() => Crc32C.UpdateScalar(~0u, _data);

    [Benchmark]
    public uint Interleaved() => Crc32C.Interleaved.Update(~0u, _data);
}
