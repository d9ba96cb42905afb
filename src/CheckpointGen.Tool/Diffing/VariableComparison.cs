using System.Numerics;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Diffing;

/// <summary>
/// One variable present in both checkpoints with the same dtype and shape: whether its stored
/// values are bit-identical and, where they are numbers, the largest absolute difference
/// (NaN when one side has a NaN where the other has a number; 0 where both are NaN).
/// </summary>
/// <param name="Variable">The variable as checkpoint A lists it.</param>
/// <param name="Identical">Whether every element's bytes are the same.</param>
/// <param name="MaxAbsoluteDifference">max |a − b| over the elements (complex: of the modulus); null for strings.</param>
internal sealed record VariableComparison(CheckpointVariable Variable, bool Identical, double? MaxAbsoluteDifference)
{
    public static VariableComparison Compare(Checkpoint a, Checkpoint b, CheckpointVariable variable)
    {
        var name = variable.Name;
        if (variable.DataType == TensorDataType.String)
        {
            var same = a.ReadStrings(name).SequenceEqual(b.ReadStrings(name), ByteStrings.Instance);
            return new VariableComparison(variable, same, null);
        }
        if (a.ReadBytes(name).AsSpan().SequenceEqual(b.ReadBytes(name)))
        {
            return new VariableComparison(variable, true, 0);
        }
        var bVariable = b.GetVariable(name);
        return new VariableComparison(variable, false, MaxAbsolute(TensorValues.Read(a, variable), TensorValues.Read(b, bVariable)));
    }

    private static double MaxAbsolute(TensorValues a, TensorValues b) => (a, b) switch
    {
        (RealValues x, RealValues y) => Max(x.Count, i => Distance(x.Values[i], y.Values[i])),
        (ComplexValues x, ComplexValues y) => Max(x.Count, i => Distance(new Complex(x.Real[i], x.Imaginary[i]), new Complex(y.Real[i], y.Imaginary[i]))),
        (IntegerValues x, IntegerValues y) => Max(x.Count, i => (double)Int128.Abs(x.Values[i] - y.Values[i])),
        (BoolValues x, BoolValues y) => Max(x.Count, i => x.Values[i] == y.Values[i] ? 0 : 1),
        _ => throw new InvalidOperationException($"{a.GetType().Name} and {b.GetType().Name} values of one dtype"),
    };

    /// <summary>|a − b|, with equal infinities and two NaNs counting as no difference.</summary>
    private static double Distance(double a, double b) =>
        a == b || (double.IsNaN(a) && double.IsNaN(b)) ? 0 : Math.Abs(a - b);

    /// <summary>|a − b| as a modulus, zero where both parts match as <see cref="Distance(double, double)"/> counts it.</summary>
    private static double Distance(Complex a, Complex b) =>
        Distance(a.Real, b.Real) == 0 && Distance(a.Imaginary, b.Imaginary) == 0 ? 0 : Complex.Abs(a - b);

    /// <summary>The largest of the values, NaN if any is NaN.</summary>
    private static double Max(int count, Func<int, double> value)
    {
        var max = 0.0;
        for (var i = 0; i < count; i++)
        {
            var v = value(i);
            if (double.IsNaN(v))
            {
                return double.NaN;
            }
            max = Math.Max(max, v);
        }
        return max;
    }

    private sealed class ByteStrings : IEqualityComparer<byte[]>
    {
        public static ByteStrings Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
