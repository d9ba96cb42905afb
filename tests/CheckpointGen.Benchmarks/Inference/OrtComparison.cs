using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A model run by the kernels against the same model in ONNX Runtime (the baseline), one thread
/// each. <see cref="StartBaseline"/> also checks the two agree: a benchmark of a wrong result
/// measures nothing.
/// </summary>
[MemoryDiagnoser]
public abstract class OrtComparison
{
    private OrtRunner ort = null!;

    [GlobalCleanup]
    public void Cleanup() => ort.Dispose();

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => ort.Run();

    [Benchmark]
    public void Kernels() => RunKernels();

    private protected abstract void RunKernels();

    private protected void StartBaseline(byte[] model, float[] x, long[] xShape, float[] y, long[] yShape, float[] kernelsY, string what)
    {
        ort = new OrtRunner(model, "x", x, xShape, "y", y, yShape);
        ort.Run();
        Kernels();
        InferenceChecks.AssertClose(y, kernelsY, what);
    }
}
