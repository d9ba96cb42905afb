namespace CheckpointGen.Runtime;

/// <summary>
/// Where the bytes of a generated class's tensors live: the assembly's embedded weights
/// (<see cref="EmbeddedTensorStorage"/>) or a memory-mapped checkpoint
/// (<see cref="MappedTensorStorage"/>). Generated accessors ask it for typed tensors by index.
/// </summary>
public abstract class TensorStorage : IDisposable
{
    private protected TensorStorage(TensorDescriptor[] descriptors) => Descriptors = descriptors;

    /// <summary>The tensors, in the generated class's order.</summary>
    public IReadOnlyList<TensorDescriptor> Descriptors { get; }

    /// <summary>The tensor at <paramref name="index"/> as elements of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the tensor's element type.</exception>
    public CheckpointTensor<T> GetTensor<T>(int index)
        where T : unmanaged
    {
        var descriptor = Descriptors[index];
        if (TensorDataTypes.ElementType(descriptor.DataType) != typeof(T))
        {
            throw new ArgumentException(
                $"'{descriptor.Name}' is {TensorDataTypes.Name(descriptor.DataType)}; it cannot be read as {typeof(T).Name}.");
        }
        return new CheckpointTensor<T>(this, index);
    }

    /// <summary>The string tensor at <paramref name="index"/>.</summary>
    public CheckpointStringTensor GetStrings(int index)
    {
        var descriptor = Descriptors[index];
        if (descriptor.DataType != TensorDataType.String)
        {
            throw new ArgumentException($"'{descriptor.Name}' is {TensorDataTypes.Name(descriptor.DataType)}, not string.");
        }
        return new CheckpointStringTensor(this, index);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases mappings; embedded storage holds none.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The start of the tensor's bytes; valid while the storage is alive.</summary>
    internal abstract unsafe byte* GetPointer(int index);

    /// <summary>The decoded elements of a string tensor.</summary>
    internal abstract byte[][] ReadStrings(int index);
}
