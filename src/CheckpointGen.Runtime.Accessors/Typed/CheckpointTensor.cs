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
    /// <exception cref="InvalidOperationException">
    /// The tensor has more than <see cref="int.MaxValue"/> elements, more than a span can hold
    /// (possible in Lazy mode); read it in parts with <see cref="Slice"/>.
    /// </exception>
    public unsafe ReadOnlySpan<T> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var count = Descriptor.ElementCount;
            if (count > int.MaxValue)
            {
                ThrowTooLargeForSpan(count);
            }
            return new(_storage.GetPointer(_index), (int)count);
        }
    }

    /// <summary>
    /// <paramref name="length"/> elements from element <paramref name="start"/> (row-major), in
    /// place: the way to read a tensor too large for <see cref="Span"/> in chunks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not within the tensor.</exception>
    public unsafe ReadOnlySpan<T> Slice(long start, int length)
    {
        var count = Descriptor.ElementCount;
        if (start < 0 || length < 0 || start > count - length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"elements [{start}, {start}+{length}) are not within '{Name}', which has {count}.");
        }
        return new(_storage.GetPointer(_index) + (start * sizeof(T)), length);
    }

    /// <summary>The single element of a scalar (or of any tensor with exactly one element, as numpy's <c>item()</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor does not have exactly one element.</exception>
    public T Value
    {
        get
        {
            if (Descriptor.ElementCount != 1)
            {
                throw new InvalidOperationException(
                    $"'{Name}' has shape {TensorShape.Create(Descriptor.ShapeArray)} ({Descriptor.ElementCount} elements); Value reads a scalar: use Span, Slice or ToArray().");
            }
            return Span[0];
        }
    }

#if NET
    /// <summary>The elements as a multi-dimensional tensor span with the tensor's shape.</summary>
    public ReadOnlyTensorSpan<T> TensorSpan => new(Span, Descriptor.Lengths);
#endif

    /// <summary>Copies the elements into a new array.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more elements than an array or span can hold; use <see cref="Slice"/>.</exception>
    public T[] ToArray() => Span.ToArray();

    private TensorDescriptor Descriptor => _storage.Descriptors[_index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTooLargeForSpan(long count) =>
        throw new InvalidOperationException(
            $"'{Name}' has {count} elements, more than a span can hold ({int.MaxValue}); read it in parts with Slice(start, length).");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorDataTypes.Name(DataType)} {TensorShape.Create(Descriptor.ShapeArray)}";
}
