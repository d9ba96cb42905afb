namespace CheckpointGen.Tests.Keras;

/// <summary>
/// The Keras Conv model issue 10 measures against ONNX Runtime: 28×28×1 → Conv2D 32 3×3 ReLU →
/// MaxPooling 2 → Conv2D 64 3×3 ReLU → MaxPooling 2 → Flatten → Dense 128 ReLU → Dense 10 softmax.
/// One definition for the benchmark and the oracle tests, so what is timed is what is checked.
/// </summary>
internal static class KerasConvModel
{
    public static KerasModelBuilder Build()
    {
        var m = new KerasModelBuilder("image", [28, 28, 1], seed: 11);
        m.Conv2D(32, 3, activation: "relu");
        m.MaxPooling2D(2);
        m.Conv2D(64, 3, activation: "relu");
        m.MaxPooling2D(2);
        m.Flatten();
        m.Dense(128, "relu");
        m.Dense(10, "softmax");
        return m;
    }
}
