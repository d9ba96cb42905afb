namespace CheckpointGen.Inference.Graphs;

/// <summary>Data movement of compiled graphs, allocation-free.</summary>
public static class Layout
{
    /// <summary>
    /// One input's share of a concatenation along an axis: each outer row of <paramref name="x"/>
    /// goes to <paramref name="offset"/> within the same row of <paramref name="y"/>. Calling it
    /// for every input with the running offset concatenates them.
    /// </summary>
    /// <param name="x">One input, [outer, chunk].</param>
    /// <param name="chunk">Its elements per outer index.</param>
    /// <param name="offset">Where its chunk starts within each outer row of <paramref name="y"/>.</param>
    /// <param name="rowLength">The output's elements per outer index (the sum of the chunks).</param>
    /// <param name="y">The output, [outer, rowLength].</param>
    public static void ConcatPart<T>(ReadOnlySpan<T> x, int chunk, int offset, int rowLength, Span<T> y)
        where T : unmanaged
    {
        if (chunk <= 0 || rowLength <= 0 || x.Length % chunk != 0 || y.Length != x.Length / chunk * rowLength || offset + chunk > rowLength)
            throw new ArgumentException($"An input of {x.Length} elements in chunks of {chunk} does not fit rows of {rowLength} at {offset} in {y.Length} elements.", nameof(x));
        int outer = x.Length / chunk;
        for (int o = 0; o < outer; o++) x.Slice(o * chunk, chunk).CopyTo(y.Slice(o * rowLength + offset, chunk));
    }
}
