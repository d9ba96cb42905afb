namespace CheckpointGen.Inference.Kernels;

/// <summary>The elementwise activations a kernel epilogue can apply.</summary>
public enum ActivationKind
{
    /// <summary>Identity.</summary>
    None,
    /// <summary><c>max(x, 0)</c>.</summary>
    Relu,
    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    Relu6,
    /// <summary><c>x &gt; 0 ? x : alpha * x</c> (TensorFlow's <c>LeakyRelu</c>).</summary>
    LeakyRelu,
    /// <summary><c>x &gt; 0 ? x : exp(x) - 1</c>.</summary>
    Elu,
    /// <summary><c>scale * (x &gt; 0 ? x : alpha * (exp(x) - 1))</c> with TensorFlow's constants.</summary>
    Selu,
    /// <summary><c>1 / (1 + exp(-x))</c>.</summary>
    Sigmoid,
    /// <summary><c>tanh(x)</c>.</summary>
    Tanh,
    /// <summary><c>log(1 + exp(x))</c>, computed without overflow.</summary>
    Softplus,
}

/// <summary>An activation and its parameter: what a GEMM or convolution applies to its output.</summary>
public readonly struct Activation : IEquatable<Activation>
{
    private Activation(ActivationKind kind, float alpha)
    {
        Kind = kind;
        Alpha = alpha;
    }

    /// <summary>Which function.</summary>
    public ActivationKind Kind { get; }

    /// <summary>The slope for negative inputs of <see cref="ActivationKind.LeakyRelu"/>; unused by the others.</summary>
    public float Alpha { get; }

    /// <summary>The identity.</summary>
    public static Activation None => default;
    /// <summary><see cref="ActivationKind.Relu"/>.</summary>
    public static Activation Relu => new(ActivationKind.Relu, 0);
    /// <summary><see cref="ActivationKind.Relu6"/>.</summary>
    public static Activation Relu6 => new(ActivationKind.Relu6, 0);
    /// <summary><see cref="ActivationKind.Elu"/>.</summary>
    public static Activation Elu => new(ActivationKind.Elu, 0);
    /// <summary><see cref="ActivationKind.Selu"/>.</summary>
    public static Activation Selu => new(ActivationKind.Selu, 0);
    /// <summary><see cref="ActivationKind.Sigmoid"/>.</summary>
    public static Activation Sigmoid => new(ActivationKind.Sigmoid, 0);
    /// <summary><see cref="ActivationKind.Tanh"/>.</summary>
    public static Activation Tanh => new(ActivationKind.Tanh, 0);
    /// <summary><see cref="ActivationKind.Softplus"/>.</summary>
    public static Activation Softplus => new(ActivationKind.Softplus, 0);

    /// <summary><see cref="ActivationKind.LeakyRelu"/> with TensorFlow's default slope 0.2 unless given.</summary>
    public static Activation LeakyRelu(float alpha = 0.2f) => new(ActivationKind.LeakyRelu, alpha);

    /// <summary>
    /// The clamp [<paramref name="lo"/>, <paramref name="hi"/>] this activation is, if it is one:
    /// micro-kernels fuse clamps into their registers and leave the rest to <see cref="Elementwise.Activations.Apply"/>.
    /// </summary>
    internal bool IsClamp(out float lo, out float hi)
    {
        lo = 0;
        hi = Kind == ActivationKind.Relu6 ? 6 : float.PositiveInfinity;
        return Kind is ActivationKind.Relu or ActivationKind.Relu6;
    }

    /// <inheritdoc/>
    public bool Equals(Activation other) => Kind == other.Kind && Alpha.Equals(other.Alpha);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Activation other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Kind * 397) ^ Alpha.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => Kind == ActivationKind.LeakyRelu ? $"LeakyRelu({Alpha})" : Kind.ToString();
}
