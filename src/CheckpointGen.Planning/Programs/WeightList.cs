using System.Runtime.InteropServices;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Storage;

namespace CheckpointGen.Planning.Programs;

/// <summary>The constants a frozen graph's programs read at run time, each stored once, packed as the class's tensors.</summary>
internal sealed class WeightList
{
    /// <summary>The compiler names a constant that is a variable's value unchanged <c>var:NAME</c>.</summary>
    public const string VariablePrefix = "var:";

    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<(string Key, float[] Values, long[] Dims)> _weights = new();

    /// <summary>Stores a constant by the compiler's name (<c>const:NODE</c>, <c>folded:NODE</c>); its tensor key is the node name.</summary>
    public int Store(string name, float[] values, long[] dims)
    {
        var key = name.Substring(name.IndexOf(':') + 1);
        if (!_indices.TryGetValue(key, out var index))
        {
            index = _weights.Count;
            _indices[key] = index;
            _weights.Add((key, values, dims));
        }
        return index;
    }

    /// <summary>Writes the weights resource, each tensor aligned as <see cref="WeightPacker"/> aligns a checkpoint's, and lists them.</summary>
    public void Pack(Stream output, List<PlanTensor> tensors)
    {
        var padding = new byte[WeightPacker.Alignment];
        long position = 0;
        foreach (var (key, values, dims) in _weights)
        {
            var pad = (int)((WeightPacker.Alignment - (position % WeightPacker.Alignment)) % WeightPacker.Alignment);
            output.Write(padding, 0, pad);
            position += pad;
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            output.Write(bytes);
            tensors.Add(new PlanTensor(key, string.Empty, "float32", new EquatableArray<long>(dims), position, bytes.Length, string.Empty, string.Empty));
            position += bytes.Length;
        }
    }
}
