using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>LeNet-5: the kernels against ONNX Runtime built from the same weights.</summary>
public class LeNetBenchmarks : OrtComparison
{
    private LeNetModel model = null!;
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
        StartBaseline(weights.ToOnnx(), x, [Batch, 1, 28, 28], ortY, [Batch, 10], y, "LeNet kernels vs ONNX Runtime");
    }

    private protected override void RunKernels() => model.Run(x, Batch, y);
}
