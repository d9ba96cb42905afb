using System.Globalization;
using CheckpointGen.Tool.Output.Digits;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Numpy;

/// <summary>
/// numpy's <c>str</c> of a scalar (what <c>print</c> shows for a 0-d tensor): shortest digits,
/// positional between 1e-4 and 1e16 (<c>10000.0</c>), scientific outside (<c>1e-05</c>).
/// </summary>
internal static class ScalarText
{
    /// <summary>The element at <paramref name="index"/> as numpy prints a lone scalar.</summary>
    public static string Format(TensorValues values, int index) => values switch
    {
        RealValues r => Real(r.Values[index], r.Precision, plusSign: false),
        ComplexValues c => Complex(c.Real[index], c.Imaginary[index], c.Precision),
        IntegerValues i => i.Values[index].ToString(CultureInfo.InvariantCulture),
        BoolValues b => b.Values[index] ? "True" : "False",
        BytesValues s => PythonBytes.Repr(s.Values[index]),
        _ => throw new ArgumentOutOfRangeException(nameof(values), values.GetType().Name, "no scalar format"),
    };

    private static string Real(double value, RealPrecision type, bool plusSign, Trim positionalTrim = Trim.LeaveOneZero)
    {
        if (double.IsNaN(value))
        {
            return plusSign ? "+nan" : "nan";
        }
        if (double.IsInfinity(value))
        {
            return value < 0 ? "-inf" : plusSign ? "+inf" : "inf";
        }
        var magnitude = Math.Abs(value);
        return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16)
            ? Dragon4.Positional(value, type, -1, -1, positionalTrim, plusSign)
            : Dragon4.Scientific(value, type, -1, -1, Trim.DropPoint, plusSign);
    }

    /// <summary><c>(1+2j)</c>, or <c>2j</c> when the real part is +0, as numpy's complex scalars print.</summary>
    private static string Complex(double real, double imaginary, RealPrecision type)
    {
        var imaginaryText = Real(imaginary, type, plusSign: true, Trim.DropPoint) + "j";
        if (real == 0 && !double.IsNegative(real))
        {
            return imaginaryText.TrimStart('+');
        }
        return "(" + Real(real, type, plusSign: false, Trim.DropPoint) + imaginaryText + ")";
    }
}
