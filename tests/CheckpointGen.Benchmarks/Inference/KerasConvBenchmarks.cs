using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Inference.Generated;
using CheckpointGen.Tests.Keras;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// A Keras Conv model as tf.keras saves it (a SavedModel whose serving signature reaches the layers
/// through function calls and captured variables), 28×28×1: Conv2D 32 3×3 ReLU, MaxPooling 2,
/// Conv2D 64 3×3 ReLU, MaxPooling 2, Flatten, Dense 128 ReLU, Dense 10 softmax. The generated
/// ServingDefault against ONNX Runtime built from the same weights.
/// </summary>
public class KerasConvBenchmarks : OrtComparison
{
    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keras = KerasConvModel.Build();
        var folder = Directory.CreateTempSubdirectory("checkpointgen-keras-conv-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        keras.Write(folder);
        var x = MlpWeights.Uniform(new Random(3), Batch * 28 * 28, 1f);
        Start(GeneratedModel.BuildSavedModel(folder, "ServingDefault"), ToOnnx(keras), x, [Batch, 1, 28, 28], new float[Batch * 10], [Batch, 10], "Keras Conv: generated code vs ONNX Runtime");
    }

    /// <summary>
    /// The same network in ONNX's NCHW: filters OIHW, the first Dense's rows reordered from
    /// TensorFlow's (h, w, c) flatten to ONNX's (c, h, w). One input channel: NHWC input is NCHW.
    /// </summary>
    private static byte[] ToOnnx(KerasModelBuilder keras)
    {
        float[] W(int layer, string name) => keras.Variables[$"layer_with_weights-{layer}/{name}/.ATTRIBUTES/VARIABLE_VALUE"].Values;
        var dense = W(2, "kernel");
        var reordered = new float[dense.Length];
        for (int c = 0; c < 64; c++)
            for (int hw = 0; hw < 25; hw++)
                Array.Copy(dense, (hw * 64 + c) * 128, reordered, (c * 25 + hw) * 128, 128);
        var pool = new[] { OnnxModelBuilder.Ints("kernel_shape", 2, 2), OnnxModelBuilder.Ints("strides", 2, 2) };
        return new OnnxModelBuilder()
            .Input("x", null, 1, 28, 28).Output("y", null, 10)
            .Initializer("conv1", LeNetWeights.HwioToOihw(W(0, "kernel"), 3, 3, 1, 32), 32, 1, 3, 3).Initializer("conv1_b", W(0, "bias"), 32)
            .Initializer("conv2", LeNetWeights.HwioToOihw(W(1, "kernel"), 3, 3, 32, 64), 64, 32, 3, 3).Initializer("conv2_b", W(1, "bias"), 64)
            .Initializer("fc1", reordered, 1600, 128).Initializer("fc1_b", W(2, "bias"), 128)
            .Initializer("fc2", W(3, "kernel"), 128, 10).Initializer("fc2_b", W(3, "bias"), 10)
            .Node("Conv", ["x", "conv1", "conv1_b"], "c1").Node("Relu", ["c1"], "r1").Node("MaxPool", ["r1"], "p1", pool)
            .Node("Conv", ["p1", "conv2", "conv2_b"], "c2").Node("Relu", ["c2"], "r2").Node("MaxPool", ["r2"], "p2", pool)
            .Node("Flatten", ["p2"], "flat")
            .Node("Gemm", ["flat", "fc1", "fc1_b"], "g1").Node("Relu", ["g1"], "h1")
            .Node("Gemm", ["h1", "fc2", "fc2_b"], "logits")
            .Node("Softmax", ["logits"], "y", OnnxModelBuilder.Int("axis", -1))
            .ToBytes();
    }
}
