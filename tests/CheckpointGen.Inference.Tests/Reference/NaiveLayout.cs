namespace CheckpointGen.Inference.Tests.Reference;

/// <summary>Data movement and broadcasting by their definitions: one multi-index at a time, no merging, no runs.</summary>
internal static class NaiveLayout
{
    /// <summary>Every multi-index of <paramref name="dims"/> in row-major order.</summary>
    public static IEnumerable<int[]> Indices(int[] dims)
    {
        var total = dims.Aggregate(1L, (a, d) => a * d);
        for (long flat = 0; flat < total; flat++)
        {
            var index = new int[dims.Length];
            var rest = flat;
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                index[d] = (int)(rest % dims[d]);
                rest /= dims[d];
            }
            yield return index;
        }
    }

    public static int Offset(int[] index, int[] strides, int offset) => offset + index.Select((i, d) => i * strides[d]).Sum();

    /// <summary>y[yOffset + Σ i·yStrides] = x[xOffset + Σ i·xStrides] over dims (no batch).</summary>
    public static void Copy<T>(T[] x, T[] y, int[] dims, int[] xStrides, int xOffset, int[] yStrides, int yOffset)
    {
        foreach (var index in Indices(dims)) y[Offset(index, yStrides, yOffset)] = x[Offset(index, xStrides, xOffset)];
    }

    /// <summary>NumPy broadcasting of a and b (shapes right-aligned) with <paramref name="op"/>.</summary>
    public static float[] Broadcast(float[] a, int[] aShape, float[] b, int[] bShape, Func<float, float, float> op, out int[] shape)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        int[] Pad(int[] s) => Enumerable.Repeat(1, rank - s.Length).Concat(s).ToArray();
        int[] pa = Pad(aShape), pb = Pad(bShape);
        var result = pa.Zip(pb, Math.Max).ToArray();
        shape = result;
        var c = new List<float>();
        foreach (var index in Indices(result))
        {
            c.Add(op(a[Flat(index, pa)], b[Flat(index, pb)]));
        }
        return c.ToArray();
    }

    private static int Flat(int[] index, int[] shape)
    {
        int flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : index[d]);
        return flat;
    }
}
