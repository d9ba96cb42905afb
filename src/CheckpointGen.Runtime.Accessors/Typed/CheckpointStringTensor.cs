namespace CheckpointGen.Runtime;

/// <summary>A string tensor of a generated checkpoint class; elements are byte strings, decoded on demand.</summary>
public readonly struct CheckpointStringTensor
{
    private readonly TensorStorage _storage;
    private readonly int _index;

    internal CheckpointStringTensor(TensorStorage storage, int index)
    {
        _storage = storage;
        _index = index;
    }

    /// <summary>The key as stored in the checkpoint.</summary>
    public string Name => _storage.Descriptors[_index].Name;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<long> Shape => _storage.Descriptors[_index].Shape;

    /// <summary>The element count.</summary>
    public long Length => _storage.Descriptors[_index].ElementCount;

    /// <summary>The elements, row-major, as new byte arrays.</summary>
    public byte[][] ReadAll() => _storage.ReadStrings(_index);

    /// <summary>The elements decoded as UTF-8.</summary>
    public string[] ReadAllAsUtf8() => Array.ConvertAll(ReadAll(), b => System.Text.Encoding.UTF8.GetString(b));
}
