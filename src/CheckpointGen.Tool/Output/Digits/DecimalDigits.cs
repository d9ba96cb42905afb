using System.Globalization;
using System.Numerics;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Digits;

/// <summary>
/// A non-negative finite number as significant decimal digits: <c>d.ddd × 10^Exponent</c>.
/// <see cref="Digits"/> has no leading or trailing zeros except for zero itself (<c>"0"</c>).
/// </summary>
internal readonly record struct DecimalDigits(string Digits, int Exponent)
{
    private static readonly DecimalDigits Zero = new("0", 0);

    /// <summary>Digits after the decimal point in positional notation.</summary>
    public int FractionDigits => Math.Max(0, Digits.Length - Exponent - 1);

    /// <summary>
    /// The fewest digits that read back as the same value of <paramref name="precision"/>
    /// (what numpy and .NET print by default).
    /// </summary>
    public static DecimalDigits Shortest(double magnitude, RealPrecision precision) => precision switch
    {
        RealPrecision.Double => Parse(magnitude.ToString("R", CultureInfo.InvariantCulture)),
        RealPrecision.Single => Parse(((float)magnitude).ToString("R", CultureInfo.InvariantCulture)),
        RealPrecision.Half => Parse(((Half)magnitude).ToString(CultureInfo.InvariantCulture)),
        _ => ShortestBFloat16((float)magnitude),
    };

    /// <summary>
    /// The exact value rounded half-to-even to a multiple of 10^<paramref name="lowestPower"/>,
    /// as numpy's Dragon4 does when a precision cuts the shortest digits.
    /// </summary>
    public static DecimalDigits Round(double magnitude, int lowestPower)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var biasedExponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFF;
        BigInteger numerator = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        var binaryExponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        var denominator = BigInteger.One;
        if (binaryExponent >= 0)
        {
            numerator <<= binaryExponent;
        }
        else
        {
            denominator <<= -binaryExponent;
        }
        if (lowestPower >= 0)
        {
            denominator *= BigInteger.Pow(10, lowestPower);
        }
        else
        {
            numerator *= BigInteger.Pow(10, -lowestPower);
        }
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }
        if (quotient.IsZero)
        {
            return Zero;
        }
        var text = quotient.ToString(CultureInfo.InvariantCulture);
        var trimmed = text.TrimEnd('0');
        return new DecimalDigits(trimmed, text.Length - 1 + lowestPower);
    }

    /// <summary>Reads .NET's round-trip text (<c>123.45</c>, <c>1E-05</c>, <c>1.5E+20</c>) of a non-negative number.</summary>
    private static DecimalDigits Parse(string text)
    {
        var e = text.IndexOf('E');
        var mantissa = e < 0 ? text : text.Substring(0, e);
        var exponent = e < 0 ? 0 : int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        exponent += (point < 0 ? mantissa.Length : point) - 1;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return digits.Length == 0 ? Zero : new DecimalDigits(digits, exponent - leadingZeros);
    }

    /// <summary>.NET has no bfloat16 formatting: the first precision that reads back as the same bfloat16.</summary>
    private static DecimalDigits ShortestBFloat16(float value)
    {
        for (var significant = 1; significant < 9; significant++)
        {
            var text = value.ToString("E" + (significant - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var back = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if ((float)(BFloat16)back == value)
            {
                return Parse(text);
            }
        }
        return Parse(value.ToString("R", CultureInfo.InvariantCulture));
    }
}
