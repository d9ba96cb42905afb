using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// MatMul whose right-hand side is computed at run time (BatchMatMul, attention): the unpacked GEMM
/// the generated code calls, against packing B on every call and running the packed GEMM (the
/// only other way with the constant-weight kernel; it allocates the packed copy each call), and
/// against the unpacked GEMM's first, row-by-row version.
/// </summary>
[MemoryDiagnoser]
public class ComputedMatMulBenchmarks
{
    private float[] a = null!, b = null!, c = null!;
    private int m, k, n;

    [Params("1x512x512", "64x64x64", "64x512x512")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (m, k, n) = (int.Parse(Shape.Split('x')[0]), int.Parse(Shape.Split('x')[1]), int.Parse(Shape.Split('x')[2]));
        var random = new Random(3);
        a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        c = new float[m * n];
        var packed = new float[m * n];
        Gemm.Multiply(a, m, PackedMatrix.Pack(b, k, n), packed);
        Unpacked();
        InferenceChecks.AssertClose(packed, c, "unpacked vs packed GEMM");
    }

    [Benchmark(Baseline = true)]
    public void PackPerCallThenGemm() => Gemm.Multiply(a, m, PackedMatrix.Pack(b, k, n), c);

    [Benchmark]
    public void Unpacked() => UnpackedGemm.Multiply(a, b, m, k, n, adjointA: false, adjointB: false, c);

    /// <summary>The unpacked GEMM's first version (row i of C += a(i, p) · row p of B, one TensorPrimitives call per p), for the before/after.</summary>
    [Benchmark]
    public void RowByRowMultiplyAdd()
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.AsSpan(i * n, n);
            row.Clear();
            for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(b.AsSpan(p * n, n), a[i * k + p], row, row);
        }
    }
}
