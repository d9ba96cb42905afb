using CheckpointGen.Inference.Kernels;

namespace CheckpointGen.Inference.Tests.Reference;

/// <summary>TensorFlow's activation definitions, one element at a time in double precision.</summary>
internal static class NaiveActivations
{
    private const double SeluScale = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    public static float Apply(Activation activation, float value)
    {
        double x = value;
        double y = activation.Kind switch
        {
            ActivationKind.None => x,
            ActivationKind.Relu => Math.Max(x, 0),
            ActivationKind.Relu6 => Math.Min(Math.Max(x, 0), 6),
            ActivationKind.LeakyRelu => x > 0 ? x : activation.Alpha * x,
            ActivationKind.Elu => x > 0 ? x : Math.Exp(x) - 1,
            ActivationKind.Selu => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
            ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
            ActivationKind.Tanh => Math.Tanh(x),
            ActivationKind.Softplus => x > 30 ? x : Math.Log(1 + Math.Exp(x)),
            _ => throw new ArgumentOutOfRangeException(nameof(activation)),
        };
        return (float)y;
    }

    public static float[] Apply(Activation activation, float[] values) => values.Select(v => Apply(activation, v)).ToArray();

    public static IEnumerable<Activation> All =>
    [
        Activation.None, Activation.Relu, Activation.Relu6, Activation.LeakyRelu(), Activation.LeakyRelu(1.5f),
        Activation.Elu, Activation.Selu, Activation.Sigmoid, Activation.Tanh, Activation.Softplus,
    ];
}
