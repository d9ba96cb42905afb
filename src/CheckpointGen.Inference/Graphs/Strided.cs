namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Data movement of compiled graphs as walks of a <see cref="StridedMap"/>: Transpose, Slice,
/// StridedSlice, Tile, Split, Unpack, Fill and BroadcastTo are gathers into a contiguous output;
/// Pad fills and then copies into the interior. Dtype-agnostic and allocation-free.
/// </summary>
public static class Strided
{
    /// <summary>
    /// <c>y[offset₁ + Σ i·stride₁] = x[offset₀ + Σ i·stride₀]</c> for every index of
    /// <paramref name="map"/> (operand 0 is <paramref name="x"/>, operand 1 <paramref name="y"/>).
    /// Elements of <paramref name="y"/> the walk does not reach keep their values.
    /// </summary>
    /// <param name="x">The source.</param>
    /// <param name="y">The destination; it may be <paramref name="x"/> when the elements written and those read are disjoint (MirrorPad's borders).</param>
    /// <param name="batch">The batch size, when the map's first dimension is the batch.</param>
    /// <param name="map">The walk, with two operands.</param>
    /// <exception cref="ArgumentException">The map does not have two operands, or reaches outside a span.</exception>
    public static unsafe void Copy<T>(ReadOnlySpan<T> x, Span<T> y, int batch, StridedMap map)
        where T : unmanaged
    {
        if (map is null) throw new ArgumentNullException(nameof(map));
        if (map.Operands != 2) throw new ArgumentException($"A copy walks two operands; the map has {map.Operands}.", nameof(map));
        map.CheckFits(0, x.Length, batch, nameof(x));
        map.CheckFits(1, y.Length, batch, nameof(y));
        if (map.Count(batch) == 0) return;
        int n = map.InnerLength(batch), sx = map.InnerStride(0), sy = map.InnerStride(1);
        Span<int> index = stackalloc int[map.Rank];
        Span<int> offsets = stackalloc int[2];
        map.Start(index, offsets);
        // CheckFits proved every element walked is inside x and y: the strided loop needs no bounds checks.
        fixed (T* px = x)
        fixed (T* py = y)
        {
            do
            {
                T* source = px + offsets[0], target = py + offsets[1];
                if (sx == 1 && sy == 1) new ReadOnlySpan<T>(source, n).CopyTo(new Span<T>(target, n));
                else if (sx == 0 && sy == 1) new Span<T>(target, n).Fill(*source);
                else
                {
                    for (int i = 0; i < n; i++, source += sx, target += sy) *target = *source;
                }
            }
            while (map.Advance(batch, index, offsets));
        }
    }

    /// <summary>Sets every element of <paramref name="y"/> to <paramref name="value"/>, then <see cref="Copy"/>s <paramref name="x"/> into it (constant padding).</summary>
    /// <exception cref="ArgumentException">As <see cref="Copy"/>.</exception>
    public static void Pad<T>(ReadOnlySpan<T> x, Span<T> y, T value, int batch, StridedMap map)
        where T : unmanaged
    {
        y.Fill(value);
        Copy(x, y, batch, map);
    }
}
