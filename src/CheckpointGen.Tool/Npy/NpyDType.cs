namespace CheckpointGen.Tool.Npy;

/// <summary>
/// The element types <c>.npy</c> files carry in and out of <c>predict</c>: numpy's dtype name,
/// its <c>descr</c> character code and size, and the CLR element type. The one table for both
/// directions, so a file read and a file written agree.
/// </summary>
internal sealed record NpyDType(string Name, char Kind, int Size, Type ElementType, Func<int, Array> NewArray)
{
    public static readonly NpyDType Float32 = new("float32", 'f', 4, typeof(float), n => new float[n]);
    public static readonly NpyDType Float64 = new("float64", 'f', 8, typeof(double), n => new double[n]);
    public static readonly NpyDType Int32 = new("int32", 'i', 4, typeof(int), n => new int[n]);
    public static readonly NpyDType Int64 = new("int64", 'i', 8, typeof(long), n => new long[n]);
    public static readonly NpyDType Bool = new("bool", 'b', 1, typeof(bool), n => new bool[n]);

    public static IReadOnlyList<NpyDType> All { get; } = new[] { Float32, Float64, Int32, Int64, Bool };

    /// <summary>The dtype whose elements are <paramref name="elementType"/>, or null.</summary>
    public static NpyDType? ForElementType(Type elementType) => All.FirstOrDefault(d => d.ElementType == elementType);

    /// <summary>The <c>descr</c> numpy writes for it on a little-endian machine: <c>&lt;f4</c>, <c>|b1</c>.</summary>
    public string Descr => (Size == 1 ? "|" : "<") + Kind + Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
