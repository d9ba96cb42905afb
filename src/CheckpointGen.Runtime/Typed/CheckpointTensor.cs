using System.Runtime.CompilerServices;
#if NET
using System.Numerics.Tensors;
#endif

namespace CheckpointGen.Runtime;

/// <summary>
/// A typed view of one tensor of a generated checkpoint class. A small struct: creating one
/// allocates nothing, and <see cref="Span"/> reads the weights in place (embedded resource or
/// memory mapping) without copying.
/// </summary>
/// <typeparam name="T">The element type (see <see cref="TensorDataTypes.ElementType"/>).</typeparam>
public readonly struct CheckpointTensor<T>
    where T : unmanaged
{
    private readonly TensorStorage _storage;
    private readonly int _index;

    internal CheckpointTensor(TensorStorage storage, int index)
    {
        _storage = storage;
        _index = index;
    }

    /// <summary>The key as stored in the checkpoint.</summary>
    public string Name => Descriptor.Name;

    /// <summary>The element type.</summary>
    public TensorDataType DataType => Descriptor.DataType;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<long> Shape => Descriptor.Shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => Descriptor.Shape.Length;

    /// <summary>The element count.</summary>
    public long Length => Descriptor.ElementCount;

    /// <summary>The elements, row-major, in place.</summary>
    public unsafe ReadOnlySpan<T> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_storage.GetPointer(_index), (int)Descriptor.ElementCount);
    }

    /// <summary>The single element of a scalar (or the first element of any tensor).</summary>
    /// <exception cref="InvalidOperationException">The tensor has no elements.</exception>
    public T Value
    {
        get
        {
            var span = Span;
            return span.Length > 0 ? span[0] : throw new InvalidOperationException($"'{Name}' has no elements.");
        }
    }

#if NET
    /// <summary>The elements as a multi-dimensional tensor span with the tensor's shape.</summary>
    public ReadOnlyTensorSpan<T> TensorSpan => new(Span, Descriptor.Lengths);
#endif

    /// <summary>Copies the elements into a new array.</summary>
    public T[] ToArray() => Span.ToArray();

    private TensorDescriptor Descriptor => _storage.Descriptors[_index];

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorDataTypes.Name(DataType)} {TensorShape.Create(Descriptor.ShapeArray)}";
}
