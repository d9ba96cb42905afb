using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>LeNet-5 on one thread: the kernels against ONNX Runtime (baseline) built from the same weights; setup checks they agree.</summary>
[MemoryDiagnoser]
public class LeNetBenchmarks
{
    private LeNetModel model = null!;
    private OrtRunner ort = null!;
    private float[] x = null!, y = null!, ortY = null!;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var weights = new LeNetWeights(seed: 5);
        model = new LeNetModel(weights, Batch);
        x = MlpWeights.Uniform(new Random(3), Batch * 28 * 28, 1f);
        y = new float[Batch * 10];
        ortY = new float[Batch * 10];
        ort = new OrtRunner(weights.ToOnnx(), "x", x, [Batch, 1, 28, 28], "y", ortY, [Batch, 10]);
        ort.Run();
        Kernels();
        InferenceChecks.AssertClose(ortY, y, "LeNet kernels vs ONNX Runtime");
    }

    [GlobalCleanup]
    public void Cleanup() => ort.Dispose();

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => ort.Run();

    [Benchmark]
    public void Kernels() => model.Run(x, Batch, y);
}
