namespace CheckpointGen.Runtime;

/// <summary>
/// TensorFlow's element types, with TensorFlow's numbers (types.proto), so a value read from a
/// file converts by a cast.
/// </summary>
public enum TensorDataType
{
    /// <summary>Not set; never valid in a checkpoint.</summary>
    Invalid = 0,
    /// <summary>32-bit IEEE float (<c>float32</c>).</summary>
    Float = 1,
    /// <summary>64-bit IEEE float (<c>float64</c>).</summary>
    Double = 2,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 3,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 4,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 6,
    /// <summary>Byte strings of any length.</summary>
    String = 7,
    /// <summary>Two 32-bit floats (real, imaginary).</summary>
    Complex64 = 8,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 9,
    /// <summary>One byte, 0 or 1.</summary>
    Bool = 10,
    /// <summary>Quantized signed 8-bit integer.</summary>
    QInt8 = 11,
    /// <summary>Quantized unsigned 8-bit integer.</summary>
    QUInt8 = 12,
    /// <summary>Quantized signed 32-bit integer.</summary>
    QInt32 = 13,
    /// <summary>Brain floating point: the upper 16 bits of a float32.</summary>
    BFloat16 = 14,
    /// <summary>Quantized signed 16-bit integer.</summary>
    QInt16 = 15,
    /// <summary>Quantized unsigned 16-bit integer.</summary>
    QUInt16 = 16,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 17,
    /// <summary>Two 64-bit floats (real, imaginary).</summary>
    Complex128 = 18,
    /// <summary>16-bit IEEE float (<c>float16</c>).</summary>
    Half = 19,
    /// <summary>A handle to a resource; has no stored value.</summary>
    Resource = 20,
    /// <summary>An arbitrary C++ object; serialized form only.</summary>
    Variant = 21,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 22,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 23,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    Float8E5M2 = 24,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits, finite only.</summary>
    Float8E4M3FN = 25,
}
