namespace CheckpointGen.Tool.Npy;

/// <summary>An n-dimensional array as a <c>.npy</c> file holds it: C (row-major) order, one CLR array of <see cref="NpyDType.ElementType"/>.</summary>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="Values">The elements in row-major order: a <c>float[]</c>, <c>double[]</c>, <c>int[]</c>, <c>long[]</c> or <c>bool[]</c>.</param>
internal sealed record NpyArray(NpyDType DType, long[] Shape, Array Values)
{
    /// <summary>The shape as numpy prints it: <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) =>
        "(" + string.Join(", ", shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + (shape.Count == 1 ? ",)" : ")");
}
