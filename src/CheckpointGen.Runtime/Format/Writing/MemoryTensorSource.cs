using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>Elements held in caller memory, written as their in-memory (little-endian) bytes.</summary>
internal sealed unsafe class MemoryTensorSource<T> : TensorSource
    where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _values;

    public MemoryTensorSource(ReadOnlyMemory<T> values) => _values = values;

    public override long Size => (long)_values.Length * sizeof(T);

    public override uint WriteTo(ShardWriter output, string tensorName)
    {
        // Sliced by elements first: a span of more than 2 GiB cannot be viewed as bytes at once.
        var values = _values.Span;
        var step = Math.Max(1, ShardWriter.ChunkSize / sizeof(T));
        var crc = 0u;
        for (var i = 0; i < values.Length; i += step)
        {
            crc = output.Append(MemoryMarshal.AsBytes(values.Slice(i, Math.Min(step, values.Length - i))), crc);
        }
        return crc;
    }
}
