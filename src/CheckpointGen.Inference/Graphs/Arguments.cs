namespace CheckpointGen.Inference.Graphs;

/// <summary>The argument checks of generated inference methods: the messages name the parameter, the expected and the actual shape.</summary>
public static class Arguments
{
    /// <summary>
    /// The batch size an input of <paramref name="length"/> elements gives, each batch row holding
    /// <paramref name="rowLength"/>; checks it agrees with <paramref name="batch"/> from earlier inputs (-1: none yet).
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a whole number of rows, or another input gave another batch.</exception>
    public static int Batch(int length, long rowLength, int batch, string parameter, string shape)
    {
        if (rowLength <= 0 || length % rowLength != 0)
            throw new ArgumentException($"'{parameter}' must have shape {shape}: a multiple of {rowLength} elements, found {length}.", parameter);
        int rows = (int)(length / rowLength);
        if (batch >= 0 && rows != batch)
            throw new ArgumentException($"'{parameter}' has {rows} rows of shape {shape}; the earlier inputs have {batch}.", parameter);
        return rows;
    }

    /// <summary>Checks a fixed-shape input or an output has exactly <paramref name="expected"/> elements.</summary>
    /// <exception cref="ArgumentException">It has another number.</exception>
    public static void Length(int length, long expected, string parameter, string shape)
    {
        if (length != expected)
            throw new ArgumentException($"'{parameter}' must have shape {shape} ({expected} elements), found {length} elements.", parameter);
    }

    /// <summary>Grows <paramref name="buffer"/> to at least <paramref name="length"/> elements; allocates only when it grows.</summary>
    public static T[] Ensure<T>(ref T[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new T[checked((int)length)];
        return buffer;
    }
}
