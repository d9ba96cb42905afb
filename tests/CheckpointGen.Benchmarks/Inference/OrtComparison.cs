using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Inference.Generated;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A model's generated C# (<see cref="GeneratedModel"/>: the build's planner and generator on its
/// frozen graph) against the same model in ONNX Runtime (the baseline), one thread each.
/// <see cref="Start"/> also checks the two agree: a benchmark of a wrong result measures nothing.
/// </summary>
[MemoryDiagnoser]
public abstract class OrtComparison
{
    private OrtRunner ort = null!;
    private Action<float[], float[]> generated = null!;
    private float[] x = null!, y = null!;

    [GlobalCleanup]
    public void Cleanup() => ort.Dispose();

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => ort.Run();

    [Benchmark]
    public void Generated() => generated(x, y);

    /// <summary>Builds both models; <paramref name="y"/> receives the generated code's output, ORT writes its own array.</summary>
    private protected void Start(byte[] frozenGraph, byte[] onnx, float[] x, long[] xShape, float[] y, long[] yShape, string what) =>
        Start(GeneratedModel.Build(frozenGraph, "y"), onnx, x, xShape, y, yShape, what);

    /// <summary>As the frozen-graph overload, for a model already generated (a SavedModel's signature method).</summary>
    private protected void Start(GeneratedModel model, byte[] onnx, float[] x, long[] xShape, float[] y, long[] yShape, string what)
    {
        generated = model.Predict;
        this.x = x;
        this.y = y;
        var ortY = new float[y.Length];
        ort = new OrtRunner(onnx, "x", x, xShape, "y", ortY, yShape);
        ort.Run();
        Generated();
        InferenceChecks.AssertClose(ortY, y, what);
    }
}
