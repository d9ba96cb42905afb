using CheckpointGen.Tool.Output.Digits;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Numpy;

/// <summary>
/// numpy's <c>FloatingFormat</c> (floatmode <c>maxprec</c>, precision 8): one layout for all
/// shown elements of an array, so columns line up. Scientific notation when the largest
/// magnitude is ≥ 1e8, the smallest nonzero is &lt; 1e-4, or they are more than 1000× apart.
/// </summary>
internal sealed class FloatFormat
{
    private const int Precision = 8;

    private readonly RealPrecision _type;
    private readonly bool _plusSign;
    private readonly bool _scientific;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _scientificDigits;
    private readonly int _exponentDigits;

    /// <param name="shown">The elements that will be printed.</param>
    /// <param name="type">Their stored type, for the shortest digits.</param>
    /// <param name="plusSign">Print <c>+</c> on non-negative values (imaginary parts).</param>
    public FloatFormat(IReadOnlyCollection<double> shown, RealPrecision type, bool plusSign = false)
    {
        _type = type;
        _plusSign = plusSign;
        var finite = shown.Where(double.IsFinite).ToList();
        var nonZero = finite.Where(v => v != 0).Select(Math.Abs).ToList();
        if (nonZero.Count > 0)
        {
            var max = nonZero.Max();
            var min = nonZero.Min();
            _scientific = max >= 1e8 || min < 1e-4 || Ratio(max, min, type) > 1000;
        }
        if (finite.Count > 0 && _scientific)
        {
            var texts = finite.Select(v => Dragon4.Scientific(v, type, Precision, -1, Trim.KeepPoint, plusSign)).ToList();
            var mantissas = texts.Select(t => t.Substring(0, t.IndexOf('e'))).ToList();
            _exponentDigits = texts.Max(t => t.Length - t.IndexOf('e') - 2);
            _scientificDigits = mantissas.Max(m => m.Length - m.IndexOf('.') - 1);
            _padLeft = mantissas.Max(m => m.IndexOf('.'));
            _padRight = _exponentDigits + 2 + _scientificDigits;
        }
        else if (finite.Count > 0)
        {
            var texts = finite.Select(v => Dragon4.Positional(v, type, Precision, -1, Trim.KeepPoint, plusSign)).ToList();
            _padLeft = texts.Max(t => t.IndexOf('.'));
            _padRight = texts.Max(t => t.Length - t.IndexOf('.') - 1);
        }
        if (finite.Count != shown.Count)
        {
            var negativeInfinity = plusSign || shown.Any(double.IsNegativeInfinity);
            var offset = _padRight + 1;
            _padLeft = Math.Max(_padLeft, Math.Max(3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset));
        }
    }

    /// <summary>numpy divides in the element type, which decides borderline ratios.</summary>
    private static double Ratio(double max, double min, RealPrecision type) => type switch
    {
        RealPrecision.Single => (float)max / (float)min,
        RealPrecision.Half => (double)(Half)((float)max / (float)min),
        _ => max / min,
    };

    /// <summary>One element, padded to the common width.</summary>
    public string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            var text = double.IsNaN(value) ? (_plusSign ? "+nan" : "nan")
                : value < 0 ? "-inf"
                : _plusSign ? "+inf" : "inf";
            return text.PadLeft(_padLeft + _padRight + 1);
        }
        return _scientific
            ? Dragon4.Scientific(value, _type, _scientificDigits, _scientificDigits, Trim.Keep, _plusSign, _padLeft, _exponentDigits)
            : Dragon4.Positional(value, _type, Precision, 0, Trim.KeepPoint, _plusSign, _padLeft, _padRight);
    }
}
