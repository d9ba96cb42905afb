namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Adds tensors of open checkpoints to a <see cref="BundleWriter"/>. From a little-endian V2
/// checkpoint the stored bytes are copied as they are, partitions included, and read only at
/// commit; from other checkpoints (V1, big-endian) the values are read now through the
/// <see cref="Checkpoint"/> and written whole.
/// </summary>
internal sealed class TensorCopier : IDisposable
{
    private readonly Dictionary<Checkpoint, SourceBundle?> _bundles = new();

    public void Copy(BundleWriter writer, Checkpoint source, string name, string? newName, int? shard)
    {
        var variable = source.GetVariable(name);
        var target = newName ?? variable.Name;
        var type = variable.DataType;
        if (type != TensorDataType.String && !TensorDataTypes.IsFixedSize(type))
        {
            throw new NotSupportedException($"'{variable.Name}' is {TensorDataTypes.Name(type)}, which has no stored value this library can copy.");
        }
        var bundle = BundleOf(source);
        if (bundle is null)
        {
            var data = type == TensorDataType.String
                ? TensorData.FromStrings(source.ReadStrings(variable.Name))
                : TensorData.FromBytes(type, source.ReadBytes(variable.Name));
            writer.Add(target, variable.Shape, data, shard);
            return;
        }
        var entry = bundle.Entry(variable.Name);
        if (!entry.IsPartitioned)
        {
            writer.AddTensor(target, entry.DataType, entry.Shape, new StoredTensorSource(bundle, entry), shard);
            return;
        }
        foreach (var slice in entry.Slices)
        {
            var part = bundle.Slice(entry, slice);
            writer.AddPart(target, entry.DataType, entry.Shape, slice, new StoredTensorSource(bundle, part), shard);
        }
    }

    public void Dispose()
    {
        foreach (var bundle in _bundles.Values)
        {
            bundle?.Dispose();
        }
        _bundles.Clear();
    }

    private SourceBundle? BundleOf(Checkpoint checkpoint)
    {
        if (!_bundles.TryGetValue(checkpoint, out var bundle))
        {
            bundle = SourceBundle.TryOpen(checkpoint.Location);
            _bundles.Add(checkpoint, bundle);
        }
        return bundle;
    }
}
