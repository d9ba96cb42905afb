using CheckpointGen.Benchmarks.Inference;
using CheckpointGen.Benchmarks.Inference.Generated;

namespace CheckpointGen.Benchmarks.Startup;

/// <summary>
/// The start-up comparison's model files (<c>--emit-startup DIR</c>, run by eng/startup-bench.sh):
/// the MLP's generated class and packed weights for GeneratedApp, and the same weights as
/// <c>model.onnx</c> for OrtApp.
/// </summary>
internal static class StartupModel
{
    public const string Option = "--emit-startup";

    public static void Emit(string folder)
    {
        Directory.CreateDirectory(folder);
        var weights = new MlpWeights(seed: 42);
        GeneratedModel.Emit(weights.ToFrozenGraph(), "y", folder);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), weights.ToOnnx());
    }
}
