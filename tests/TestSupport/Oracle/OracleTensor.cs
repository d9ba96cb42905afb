namespace CheckpointGen.Tests.Oracle;

/// <summary>A tensor going into or coming out of the TensorFlow.js oracle: shape, dtype and values.</summary>
internal sealed record OracleTensor(int[] Shape, float[] Values, string DType = "float32")
{
    public static OracleTensor Float(float[] values, params int[] shape)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != values.Length) throw new ArgumentException($"{values.Length} values for shape [{string.Join(", ", shape)}].", nameof(values));
        return new OracleTensor(shape, values);
    }
}
