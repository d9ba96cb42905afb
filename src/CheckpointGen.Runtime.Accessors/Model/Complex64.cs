using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime;

/// <summary>A complex64 element: two float32s, real part first, as TensorFlow stores it.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Complex64 : IEquatable<Complex64>
{
    /// <summary>Creates a value.</summary>
    public Complex64(float real, float imaginary)
    {
        Real = real;
        Imaginary = imaginary;
    }

    /// <summary>The real part.</summary>
    public float Real { get; }

    /// <summary>The imaginary part.</summary>
    public float Imaginary { get; }

    /// <summary>Widens to <see cref="System.Numerics.Complex"/>.</summary>
    public static implicit operator System.Numerics.Complex(Complex64 value) => new(value.Real, value.Imaginary);

    /// <inheritdoc/>
    public bool Equals(Complex64 other) => Real.Equals(other.Real) && Imaginary.Equals(other.Imaginary);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Complex64 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (Real.GetHashCode() * 397) ^ Imaginary.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "({0}{1}{2}j)", Real, Imaginary < 0 ? string.Empty : "+", Imaginary);
}
