namespace CheckpointGen.Runtime;

/// <summary>
/// Where the bytes of a generated class's tensors live: the assembly's embedded weights
/// (<see cref="EmbeddedTensorStorage"/>) or a memory-mapped checkpoint
/// (<c>MappedTensorStorage</c>, in CheckpointGen.Runtime). Generated accessors ask it for typed tensors by index.
/// </summary>
public abstract class TensorStorage : IDisposable
{
    private readonly Dictionary<string, int> _indexByName;

    private protected TensorStorage(TensorDescriptor[] descriptors)
    {
        Descriptors = descriptors;
        // Built once, when the storage is created, so that look-ups by name allocate nothing.
        _indexByName = TensorLookupNames.Build(descriptors.Length, i => descriptors[i].Name, i => descriptors[i].VariableName);
    }

    /// <summary>The tensors, in the generated class's order.</summary>
    public IReadOnlyList<TensorDescriptor> Descriptors { get; }

    /// <summary>
    /// The index of a tensor by stored key, real variable name, or TF2 key without
    /// <c>/.ATTRIBUTES/VARIABLE_VALUE</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message suggests a close name.</exception>
    public int IndexOf(string name)
    {
        if (_indexByName.TryGetValue(name, out var index))
        {
            return index;
        }
        var suggestion = NameSuggester.Closest(name, _indexByName.Keys);
        throw new KeyNotFoundException($"No variable '{name}' was compiled in." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"));
    }

    /// <summary>The index of a tensor by any name <see cref="IndexOf"/> accepts; false when there is none.</summary>
    internal bool TryGetIndex(string name, out int index) => _indexByName.TryGetValue(name, out index);

    /// <summary>The tensor at <paramref name="index"/> as elements of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a type the tensor can be read as (see <see cref="TensorDataTypes.CanReadAs"/>).</exception>
    public CheckpointTensor<T> GetTensor<T>(int index)
        where T : unmanaged
    {
        var descriptor = Descriptors[index];
        if (!TensorDataTypes.CanReadAs(descriptor.DataType, typeof(T)))
        {
            throw new ArgumentException(TensorDataTypes.CannotReadAs(descriptor.Name, descriptor.DataType, typeof(T)));
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
