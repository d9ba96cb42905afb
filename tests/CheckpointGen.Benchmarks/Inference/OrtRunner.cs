using Microsoft.ML.OnnxRuntime;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// ONNX Runtime as a .NET user would set it up for latency: one thread, every graph optimization,
/// input and output bound once to pinned arrays so a run allocates as little as ORT allows.
/// </summary>
internal sealed class OrtRunner : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input, output;
    private readonly string[] inputNames, outputNames;
    private readonly OrtValue[] inputs, outputs;

    public OrtRunner(byte[] model, string inputName, float[] inputData, long[] inputShape, string outputName, float[] outputData, long[] outputShape)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(model, options);
        input = OrtValue.CreateTensorValueFromMemory(inputData, inputShape);
        output = OrtValue.CreateTensorValueFromMemory(outputData, outputShape);
        inputNames = [inputName];
        outputNames = [outputName];
        inputs = [input];
        outputs = [output];
    }

    public void Run() => session.Run(runOptions, inputNames, inputs, outputNames, outputs);

    public void Dispose()
    {
        input.Dispose();
        output.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
