#if NET
namespace CheckpointGen.Runtime.Format;

/// <summary>
/// Arithmetic on polynomials over GF(2) modulo the CRC polynomial, in the CRC's reflected bit
/// order. A CRC register after n more zero bytes is the register times x^(8n); that is what lets
/// separately computed pieces be joined, and it yields the folding constants instead of
/// hard-coded magic numbers.
/// </summary>
public static partial class Crc32C
{
    /// <summary>x^0 in reflected order.</summary>
    private const uint One = 0x80000000;

    /// <summary>The product of two reflected polynomials, modulo the CRC polynomial.</summary>
    private static uint Multiply(uint a, uint b)
    {
        var product = 0u;
        for (var degree = 0; degree < 32; degree++)
        {
            if ((a & (One >> degree)) != 0)
            {
                product ^= b;
            }
            b = MultiplyByX(b);
        }
        return product;
    }

    /// <summary>x^<paramref name="exponent"/> modulo the CRC polynomial, by repeated squaring.</summary>
    private static uint PowerOfX(long exponent)
    {
        var result = One;
        var square = One >> 1;
        for (; exponent != 0; exponent >>= 1)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, square);
            }
            square = Multiply(square, square);
        }
        return result;
    }
}
#endif
