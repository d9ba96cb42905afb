using System.Globalization;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Digits;

/// <summary>What numpy keeps of trailing zeros and the decimal point (its <c>trim</c> argument).</summary>
internal enum Trim
{
    /// <summary><c>'k'</c>: keep trailing zeros up to the minimum digits.</summary>
    Keep,

    /// <summary><c>'.'</c>: drop trailing zeros, keep the point (<c>1.</c>).</summary>
    KeepPoint,

    /// <summary><c>'0'</c>: drop trailing zeros but leave one after the point (<c>1.0</c>).</summary>
    LeaveOneZero,

    /// <summary><c>'-'</c>: drop trailing zeros and the point (<c>1</c>).</summary>
    DropPoint,
}

/// <summary>
/// numpy's <c>format_float_positional</c> and <c>format_float_scientific</c> in unique mode:
/// the shortest digits that identify the stored value, cut at a precision with
/// round-half-even, and (scientific) extended with further exact digits up to a minimum.
/// </summary>
internal static class Dragon4
{
    /// <summary>
    /// Positional: <c>-12.5</c>. <paramref name="precision"/> caps the fractional digits (-1: no
    /// cap); <paramref name="minDigits"/> (-1: none) asks for exact digits down to that many
    /// places, so with 0 the integer part is exact (numpy prints float16 21328 as <c>21328.</c>
    /// in arrays, though <c>21330</c> alone identifies it).
    /// </summary>
    public static string Positional(double value, RealPrecision type, int precision, int minDigits, Trim trim, bool plusSign, int padLeft = 0, int padRight = 0)
    {
        var magnitude = Math.Abs(value);
        var digits = DecimalDigits.Shortest(magnitude, type);
        if (precision >= 0 && digits.FractionDigits > precision)
        {
            digits = DecimalDigits.Round(magnitude, -precision);
        }
        else if (minDigits >= 0 && digits.Exponent - digits.Digits.Length + 1 > -minDigits)
        {
            digits = DecimalDigits.Round(magnitude, -minDigits);
        }
        string integer, fraction;
        if (digits.Exponent >= 0)
        {
            integer = digits.Digits.Length > digits.Exponent ? digits.Digits.Substring(0, digits.Exponent + 1) : digits.Digits.PadRight(digits.Exponent + 1, '0');
            fraction = digits.Digits.Length > digits.Exponent + 1 ? digits.Digits.Substring(digits.Exponent + 1) : string.Empty;
        }
        else
        {
            integer = "0";
            fraction = new string('0', -digits.Exponent - 1) + digits.Digits;
        }
        return Compose(Sign(value, plusSign) + integer, fraction, minDigits, trim, padLeft, padRight);
    }

    /// <summary>
    /// Scientific: <c>1.5e-05</c>. <paramref name="precision"/> caps the digits after the point
    /// (-1: no cap); <paramref name="minDigits"/> asks for at least that many, taken from the
    /// exact value (numpy prints float32 0.1 as <c>1.00000001e-01</c> beside 8-digit neighbours).
    /// </summary>
    public static string Scientific(double value, RealPrecision type, int precision, int minDigits, Trim trim, bool plusSign, int padLeft = 0, int exponentDigits = 2)
    {
        var magnitude = Math.Abs(value);
        var digits = DecimalDigits.Shortest(magnitude, type);
        if (precision >= 0 && digits.Digits.Length - 1 > precision)
        {
            digits = DecimalDigits.Round(magnitude, digits.Exponent - precision);
        }
        else if (digits.Digits.Length - 1 < minDigits && magnitude != 0)
        {
            digits = ExactSignificant(magnitude, digits.Exponent, minDigits + 1);
        }
        var exponent = Math.Abs(digits.Exponent).ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(exponentDigits, 1), '0');
        var mantissa = Compose(Sign(value, plusSign) + digits.Digits.Substring(0, 1), digits.Digits.Substring(1), minDigits, trim, padLeft, 0);
        return mantissa + "e" + (digits.Exponent < 0 ? "-" : "+") + exponent;
    }

    /// <summary>
    /// The exact value to <paramref name="significant"/> digits. The shortest digits may have
    /// rounded up to a power of ten (0.0999999977 → 0.1), so the leading digit is one place lower.
    /// </summary>
    private static DecimalDigits ExactSignificant(double magnitude, int shortestExponent, int significant)
    {
        var lower = DecimalDigits.Round(magnitude, shortestExponent - significant);
        return lower.Exponent < shortestExponent ? lower : DecimalDigits.Round(magnitude, shortestExponent - significant + 1);
    }

    private static string Sign(double value, bool plusSign) =>
        double.IsNegative(value) ? "-" : plusSign ? "+" : string.Empty;

    private static string Compose(string integer, string fraction, int minDigits, Trim trim, int padLeft, int padRight)
    {
        if (fraction.Length < minDigits)
        {
            fraction = fraction.PadRight(minDigits, '0');
        }
        var text = trim switch
        {
            Trim.LeaveOneZero when fraction.Length == 0 => integer + ".0",
            Trim.DropPoint when fraction.Length == 0 => integer,
            _ => integer + "." + fraction,
        };
        var padded = text.PadLeft(text.Length + Math.Max(0, padLeft - integer.Length));
        return padRight > fraction.Length ? padded.PadRight(padded.Length + padRight - fraction.Length) : padded;
    }
}
