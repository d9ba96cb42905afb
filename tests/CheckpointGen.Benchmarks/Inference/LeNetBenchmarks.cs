using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>LeNet-5: the generated code against ONNX Runtime built from the same weights.</summary>
public class LeNetBenchmarks : OrtComparison
{
    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var weights = new LeNetWeights(seed: 5);
        var x = MlpWeights.Uniform(new Random(3), Batch * 28 * 28, 1f);
        Start(weights.ToFrozenGraph(), weights.ToOnnx(), x, [Batch, 1, 28, 28], new float[Batch * 10], [Batch, 10], "LeNet: generated code vs ONNX Runtime");
    }
}
