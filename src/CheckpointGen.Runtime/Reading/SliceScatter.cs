namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// Copies one saved partition into its place in the full tensor. Partitions are row-major
/// blocks; the copy walks the outer dimensions and moves contiguous innermost runs.
/// </summary>
internal static class SliceScatter
{
    /// <summary>Copies <paramref name="part"/> into <paramref name="full"/>.</summary>
    /// <param name="part">The partition's elements, row-major in its own shape.</param>
    /// <param name="full">The whole tensor.</param>
    /// <param name="fullShape">The whole tensor's shape.</param>
    /// <param name="slice">Where the partition sits.</param>
    /// <param name="scale">Span items per element (element byte size when copying raw bytes, else 1).</param>
    public static void Copy<T>(ReadOnlySpan<T> part, Span<T> full, TensorShape fullShape, TensorSlice slice, int scale)
    {
        var rank = fullShape.Rank;
        if (rank == 0)
        {
            part.CopyTo(full);
            return;
        }
        var partShape = slice.ShapeIn(fullShape);
        var run = checked((int)(partShape[rank - 1] * scale));
        var runs = 1L;
        for (var d = 0; d < rank - 1; d++)
        {
            runs *= partShape[d];
        }
        if (run == 0 || runs == 0)
        {
            return;
        }
        // Row-major strides of the full tensor, in span items.
        var strides = new long[rank];
        strides[rank - 1] = scale;
        for (var d = rank - 2; d >= 0; d--)
        {
            strides[d] = strides[d + 1] * fullShape[d + 1];
        }
        var index = new long[rank - 1];
        var source = 0;
        for (long r = 0; r < runs; r++)
        {
            long target = slice.Extents[rank - 1].Start * scale;
            for (var d = 0; d < rank - 1; d++)
            {
                target += (slice.Extents[d].Start + index[d]) * strides[d];
            }
            part.Slice(source, run).CopyTo(full.Slice(checked((int)target), run));
            source += run;
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < partShape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
    }
}
