namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Gather, GatherV2 and ResourceGather of compiled graphs (an Embedding lookup is one), allocation-free.
/// The parameters are seen as [groups, outer, axis, inner] (groups: the leading dimensions
/// <c>batch_dims</c> shares with the indices) and the indices as [groups, count]; the result is
/// [groups, outer, count, inner]. An index outside [0, axis) is an error naming the node, as
/// TensorFlow's CPU kernel raises one, never a read of another row.
/// </summary>
public static class Gathers
{
    /// <summary><c>y[g, o, j, i] = x[g, o, indices[g, j], i]</c> with int32 indices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <paramref name="axis"/>).</exception>
    public static void Gather<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> indices, int groups, int axis, int inner, Span<T> y, string node)
        where T : unmanaged
    {
        var (outer, count) = Check(x.Length, indices.Length, groups, axis, inner, y.Length);
        for (int j = 0; j < indices.Length; j++)
        {
            if ((uint)indices[j] >= (uint)axis) throw OutOfRange(node, j, indices[j], axis);
        }
        int row = 0;
        for (int g = 0; g < groups; g++)
            for (int o = 0; o < outer; o++)
            {
                var from = x.Slice((g * outer + o) * axis * inner, axis * inner);
                for (int j = 0; j < count; j++, row++) from.Slice(indices[g * count + j] * inner, inner).CopyTo(y.Slice(row * inner, inner));
            }
    }

    /// <summary><c>y[g, o, j, i] = x[g, o, indices[g, j], i]</c> with int64 indices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <paramref name="axis"/>).</exception>
    public static void Gather<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> indices, int groups, int axis, int inner, Span<T> y, string node)
        where T : unmanaged
    {
        var (outer, count) = Check(x.Length, indices.Length, groups, axis, inner, y.Length);
        for (int j = 0; j < indices.Length; j++)
        {
            if ((ulong)indices[j] >= (ulong)axis) throw OutOfRange(node, j, indices[j], axis);
        }
        int row = 0;
        for (int g = 0; g < groups; g++)
            for (int o = 0; o < outer; o++)
            {
                var from = x.Slice((g * outer + o) * axis * inner, axis * inner);
                for (int j = 0; j < count; j++, row++) from.Slice((int)indices[g * count + j] * inner, inner).CopyTo(y.Slice(row * inner, inner));
            }
    }

    private static ArgumentOutOfRangeException OutOfRange(string node, int position, long index, int axis) =>
        new("indices", $"Node '{node}' (Gather): indices[{position}] = {index} is not in [0, {axis}).");

    private static (int Outer, int Count) Check(int length, int indices, int groups, int axis, int inner, int destination)
    {
        if (groups <= 0 || axis <= 0 || inner <= 0 || length % ((long)groups * axis * inner) != 0)
            throw new ArgumentException($"{length} elements are not [{groups}, outer, {axis}, {inner}].", "x");
        if (indices % groups != 0) throw new ArgumentException($"{indices} indices are not {groups} equal groups.", nameof(indices));
        int outer = length / (groups * axis * inner);
        long needed = (long)outer * indices * inner;
        if (destination != needed) throw new ArgumentException($"The destination has {destination} elements; the gather gives {needed}.", "y");
        return (outer, indices / groups);
    }
}
