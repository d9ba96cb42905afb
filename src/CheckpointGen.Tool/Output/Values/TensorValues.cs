using System.Numerics;
using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Output.Values;

/// <summary>
/// A tensor's elements, row-major, grouped by how they are printed: real numbers, complex
/// numbers, integers, booleans or byte strings. Renderers switch on the subtype.
/// </summary>
internal abstract record TensorValues(IReadOnlyList<long> Shape)
{
    /// <summary>The number of elements.</summary>
    public abstract int Count { get; }

    /// <summary>Reads a variable's elements (verifying its checksum on first read).</summary>
    public static TensorValues Read(Checkpoint checkpoint, CheckpointVariable variable)
    {
        var shape = variable.Shape.Dimensions;
        return checkpoint.ReadArray(variable.Name) switch
        {
            float[] a => new RealValues(shape, Array.ConvertAll(a, x => (double)x), RealPrecision.Single),
            double[] a => new RealValues(shape, a, RealPrecision.Double),
            Half[] a => new RealValues(shape, Array.ConvertAll(a, x => (double)x), RealPrecision.Half),
            BFloat16[] a => new RealValues(shape, Array.ConvertAll(a, x => (double)(float)x), RealPrecision.BFloat16),
            Complex64[] a => new ComplexValues(shape, Array.ConvertAll(a, x => (double)x.Real), Array.ConvertAll(a, x => (double)x.Imaginary), RealPrecision.Single),
            Complex[] a => new ComplexValues(shape, Array.ConvertAll(a, x => x.Real), Array.ConvertAll(a, x => x.Imaginary), RealPrecision.Double),
            bool[] a => new BoolValues(shape, a),
            byte[][] a => new BytesValues(shape, a),
            sbyte[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            byte[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            short[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            ushort[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            int[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            uint[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            long[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            ulong[] a => new IntegerValues(shape, Array.ConvertAll(a, x => (Int128)x)),
            var other => throw new NotSupportedException($"'{variable.Name}' was read as {other.GetType().Name}, which checkpointgen cannot print."),
        };
    }
}

/// <summary>float16, bfloat16, float32 or float64 elements, widened exactly.</summary>
internal sealed record RealValues(IReadOnlyList<long> Shape, double[] Values, RealPrecision Precision) : TensorValues(Shape)
{
    /// <inheritdoc/>
    public override int Count => Values.Length;
}

/// <summary>complex64 or complex128 elements as parallel real and imaginary parts.</summary>
internal sealed record ComplexValues(IReadOnlyList<long> Shape, double[] Real, double[] Imaginary, RealPrecision Precision) : TensorValues(Shape)
{
    /// <inheritdoc/>
    public override int Count => Real.Length;
}

/// <summary>
/// Integer elements of any width and sign (quantized and float8 types as their stored
/// integers); <see cref="Int128"/> holds every one of them exactly.
/// </summary>
internal sealed record IntegerValues(IReadOnlyList<long> Shape, Int128[] Values) : TensorValues(Shape)
{
    /// <inheritdoc/>
    public override int Count => Values.Length;
}

/// <summary>bool elements.</summary>
internal sealed record BoolValues(IReadOnlyList<long> Shape, bool[] Values) : TensorValues(Shape)
{
    /// <inheritdoc/>
    public override int Count => Values.Length;
}

/// <summary>string elements: arbitrary bytes, as TensorFlow stores them.</summary>
internal sealed record BytesValues(IReadOnlyList<long> Shape, byte[][] Values) : TensorValues(Shape)
{
    /// <inheritdoc/>
    public override int Count => Values.Length;
}
