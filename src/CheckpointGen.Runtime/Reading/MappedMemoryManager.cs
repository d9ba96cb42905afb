using System.Buffers;

namespace CheckpointGen.Runtime.Reading;

/// <summary>Exposes a region of a memory mapping as <see cref="Memory{T}"/>; the mapping's owner controls its lifetime.</summary>
internal sealed unsafe class MappedMemoryManager<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly byte* _pointer;
    private readonly int _length;

    public MappedMemoryManager(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<T> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + ((long)elementIndex * sizeof(T)));

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
