namespace CheckpointGen.Inference.Graphs;

/// <summary>The elementwise functions of one operand that compiled graphs call (TensorFlow's op names).</summary>
public enum UnaryOperator
{
    /// <summary><c>-x</c>.</summary>
    Neg,
    /// <summary><c>|x|</c>.</summary>
    Abs,
    /// <summary><c>x²</c>.</summary>
    Square,
    /// <summary><c>√x</c>.</summary>
    Sqrt,
    /// <summary><c>1/√x</c>.</summary>
    Rsqrt,
    /// <summary><c>eˣ</c>.</summary>
    Exp,
    /// <summary><c>ln x</c>.</summary>
    Log,
    /// <summary><c>ln(1 + x)</c>.</summary>
    Log1p,
    /// <summary><c>⌊x⌋</c>.</summary>
    Floor,
    /// <summary><c>tanh x</c>.</summary>
    Tanh,
    /// <summary><c>1 / (1 + e⁻ˣ)</c>.</summary>
    Sigmoid,
    /// <summary><c>max(x, 0)</c>.</summary>
    Relu,
    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    Relu6,
    /// <summary><c>x &gt; 0 ? x : eˣ - 1</c>.</summary>
    Elu,
    /// <summary>TensorFlow's SELU.</summary>
    Selu,
    /// <summary><c>ln(1 + eˣ)</c>.</summary>
    Softplus,
    /// <summary><c>x &gt; 0 ? x : alpha·x</c>.</summary>
    LeakyRelu,
    /// <summary>The error function, <c>erf x</c>.</summary>
    Erf,
    /// <summary>The complementary error function, <c>1 - erf x</c>, accurate where it is small.</summary>
    Erfc,
    /// <summary><c>sin x</c>.</summary>
    Sin,
    /// <summary><c>cos x</c>.</summary>
    Cos,
    /// <summary>-1, 0 or 1 by the sign of x (0 for ±0, NaN for NaN).</summary>
    Sign,
    /// <summary>x rounded to the nearest integer, halves to even (TensorFlow's Round).</summary>
    Round,
    /// <summary><c>⌈x⌉</c>.</summary>
    Ceil,
    /// <summary><c>1 / x</c> (Reciprocal, Inv).</summary>
    Reciprocal,
    /// <summary><c>x / (1 + |x|)</c>.</summary>
    Softsign,
}

/// <summary>The elementwise functions of two operands that compiled graphs call (TensorFlow's op names).</summary>
public enum BinaryOperator
{
    /// <summary><c>a + b</c> (Add, AddV2, AddN pairwise, BiasAdd).</summary>
    Add,
    /// <summary><c>a - b</c>.</summary>
    Sub,
    /// <summary><c>a · b</c>.</summary>
    Mul,
    /// <summary><c>a / b</c> (RealDiv, and Div on floats).</summary>
    Div,
    /// <summary><c>max(a, b)</c>.</summary>
    Maximum,
    /// <summary><c>min(a, b)</c>.</summary>
    Minimum,
    /// <summary><c>(a - b)²</c>.</summary>
    SquaredDifference,
    /// <summary><c>aᵇ</c> (float32).</summary>
    Pow,
    /// <summary><c>⌊a / b⌋</c>, rounding toward negative infinity (FloorDiv).</summary>
    FloorDiv,
    /// <summary><c>a - ⌊a / b⌋·b</c>: the remainder with the sign of <c>b</c> (FloorMod).</summary>
    FloorMod,
    /// <summary>Integer <c>a / b</c> rounded toward zero (TruncateDiv, and Div on integers).</summary>
    TruncateDiv,
    /// <summary>Integer remainder with the sign of <c>a</c> (TruncateMod).</summary>
    TruncateMod,
}

/// <summary>The reductions compiled graphs call.</summary>
public enum ReduceOperator
{
    /// <summary>Sum.</summary>
    Sum,
    /// <summary>Arithmetic mean.</summary>
    Mean,
    /// <summary>Maximum.</summary>
    Max,
    /// <summary>Minimum.</summary>
    Min,
    /// <summary>Product.</summary>
    Prod,
}

/// <summary>How a binary operand is indexed for element <c>i</c> of the result.</summary>
public enum Broadcast
{
    /// <summary>Element <c>i</c>: the operand has the result's shape.</summary>
    Same,
    /// <summary>Element <c>i mod length</c>: the operand repeats along leading dimensions (a scalar, a bias).</summary>
    Row,
    /// <summary>Element <c>(i / inner) mod length</c>: each element repeats <c>inner</c> times (NCHW bias, a [N, 1] column).</summary>
    Column,
}
