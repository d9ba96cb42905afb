namespace CheckpointGen.Runtime;

/// <summary>
/// What generated code knows about one tensor at compile time: its name, type, shape, and
/// (Embedded mode) where its bytes are in the embedded weights. Generated code creates one
/// array of these per class; accessors refer to tensors by their index in it.
/// </summary>
public sealed class TensorDescriptor
{
    private readonly long[] _shape;
#if NET
    private readonly nint[] _lengths;
#endif

    /// <summary>Creates a descriptor; called by generated code.</summary>
    /// <param name="name">The key as stored in the checkpoint.</param>
    /// <param name="dataType">The element type.</param>
    /// <param name="shape">The dimensions.</param>
    /// <param name="offset">Embedded mode: the byte offset in the weights resource; otherwise -1.</param>
    /// <param name="byteLength">The stored bytes.</param>
    /// <param name="variableName">The real variable name a graph gives, when it differs from <paramref name="name"/>.</param>
    public TensorDescriptor(string name, TensorDataType dataType, long[] shape, long offset, long byteLength, string? variableName = null)
    {
        Name = name;
        VariableName = variableName;
        DataType = dataType;
        _shape = shape;
        Offset = offset;
        ByteLength = byteLength;
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }
        ElementCount = count;
#if NET
        _lengths = Array.ConvertAll(shape, d => (nint)d);
#endif
    }

    /// <summary>The key as stored in the checkpoint.</summary>
    public string Name { get; }

    /// <summary>The real variable name a graph gives (<c>dense/kernel</c> for an object-based key), or null.</summary>
    public string? VariableName { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Embedded mode: the byte offset in the weights resource; otherwise -1.</summary>
    public long Offset { get; }

    /// <summary>The stored bytes.</summary>
    public long ByteLength { get; }

    internal long[] ShapeArray => _shape;

#if NET
    internal ReadOnlySpan<nint> Lengths => _lengths;
#endif
}
