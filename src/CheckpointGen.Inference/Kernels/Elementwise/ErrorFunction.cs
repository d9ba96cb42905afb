namespace CheckpointGen.Inference.Kernels.Elementwise;

/// <summary>
/// The error function and its complement in double precision, for float32 results (.NET has no
/// Math.Erf): erf by its Maclaurin series below 1, where it converges fast and keeps full relative
/// precision near 0; erfc by the Chebyshev-fitted exponential form (fractional error under
/// 1.2·10⁻⁷, about one float32 ulp) above, where erf is 1 minus a small number.
/// </summary>
internal static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double z = Math.Abs(x);
        if (z < 1) return Series(x);
        double tail = Tail(z);
        return x < 0 ? tail - 1 : 1 - tail;
    }

    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (Math.Abs(x) < 1) return 1 - Series(x);
        return x > 0 ? Tail(x) : 2 - Tail(-x);
    }

    /// <summary>erf x for |x| &lt; 1: Σ (-1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)) · 2/√π; terms fall below 10⁻¹⁷ of the sum by n = 20.</summary>
    private static double Series(double x)
    {
        double x2 = x * x, power = x, sum = x;
        for (int n = 1; n <= 20; n++)
        {
            power *= -x2 / n;
            sum += power / (2 * n + 1);
        }
        return sum * TwoOverSqrtPi;
    }

    /// <summary>erfc z for z ≥ 1.</summary>
    private static double Tail(double z)
    {
        double t = 1 / (1 + 0.5 * z);
        double p = -0.82215223 + t * 0.17087277;
        p = 1.48851587 + t * p;
        p = -1.13520398 + t * p;
        p = 0.27886807 + t * p;
        p = -0.18628806 + t * p;
        p = 0.09678418 + t * p;
        p = 0.37409196 + t * p;
        p = 1.00002368 + t * p;
        return t * Math.Exp(-z * z - 1.26551223 + t * p);
    }
}
