using System.Collections;

namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>
/// A list that grows by adding fixed chunks instead of doubling one array: an index's hundred
/// thousand entries then never need an array on the large-object heap, whose allocations (and
/// the copies a doubling array leaves behind) set off full garbage collections.
/// </summary>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    /// <summary>
    /// 1,024 references, 8 KiB: far under the 85,000-byte large-object threshold, and small
    /// enough that the last chunk's unused slots and the first chunk's growth cost a listing of
    /// 100,000 entries about 0.1 byte per entry (64 KiB chunks cost 1.2).
    /// </summary>
    private const int ChunkShift = 10;
    private const int ChunkSize = 1 << ChunkShift;

    private readonly List<T[]> _chunks = new();

    public int Count { get; private set; }

    public T this[int index] =>
        (uint)index < (uint)Count
            ? _chunks[index >> ChunkShift][index & (ChunkSize - 1)]
            : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        var slot = Count & (ChunkSize - 1);
        if (slot == 0)
        {
            // The first chunk is as small as the first entries need; later ones are full size.
            _chunks.Add(new T[Count == 0 ? 64 : ChunkSize]);
        }
        else if (Count < ChunkSize && slot == _chunks[0].Length)
        {
            var grown = new T[Math.Min(ChunkSize, slot * 2)];
            Array.Copy(_chunks[0], grown, slot);
            _chunks[0] = grown;
        }
        _chunks[Count >> ChunkShift][slot] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _chunks[i >> ChunkShift][i & (ChunkSize - 1)];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
