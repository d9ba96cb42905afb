using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime;

/// <summary>
/// A bfloat16 element: the upper 16 bits of an IEEE float32, as TensorFlow stores it. Converts
/// to <see cref="float"/> exactly; from float with round-to-nearest-even, as TensorFlow does.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2)]
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>
{
    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The stored 16 bits.</summary>
    public ushort RawValue => _bits;

    /// <summary>Wraps stored bits.</summary>
    public static BFloat16 FromRawValue(ushort bits) => new(bits);

    /// <summary>Widens exactly.</summary>
    public static explicit operator float(BFloat16 value) => BitConverterCompat.Int32BitsToSingle(value._bits << 16);

    /// <summary>Narrows with round-to-nearest-even; NaN stays NaN.</summary>
    public static explicit operator BFloat16(float value)
    {
        var bits = (uint)BitConverterCompat.SingleToInt32Bits(value);
        if (float.IsNaN(value))
        {
            return new BFloat16((ushort)((bits >> 16) | 0x40));
        }
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + rounding) >> 16));
    }

    /// <inheritdoc/>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <inheritdoc/>
    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
