using BenchmarkDotNet.Attributes;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// MatMul whose right-hand side is computed at run time (BatchMatMul, attention): the unpacked GEMM
/// the generated code calls, against packing B on every call and running the packed GEMM (the
/// only other way with the constant-weight kernel; it allocates the packed copy each call).
/// </summary>
[MemoryDiagnoser]
public class ComputedMatMulBenchmarks
{
    private float[] a = null!, b = null!, c = null!;

    [Params("1x512x512", "64x64x64", "64x512x512")]
    public string Shape { get; set; } = "";

    private int M => int.Parse(Shape.Split('x')[0]);

    private int K => int.Parse(Shape.Split('x')[1]);

    private int N => int.Parse(Shape.Split('x')[2]);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        a = Enumerable.Range(0, M * K).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        b = Enumerable.Range(0, K * N).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        c = new float[M * N];
        var packed = new float[M * N];
        Gemm.Multiply(a, M, PackedMatrix.Pack(b, K, N), packed);
        Unpacked();
        InferenceChecks.AssertClose(packed, c, "unpacked vs packed GEMM");
    }

    [Benchmark(Baseline = true)]
    public void PackPerCallThenGemm() => Gemm.Multiply(a, M, PackedMatrix.Pack(b, K, N), c);

    [Benchmark]
    public void Unpacked() => UnpackedGemm.Multiply(a, b, M, K, N, adjointA: false, adjointB: false, c);
}
