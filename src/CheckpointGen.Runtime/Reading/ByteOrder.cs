namespace CheckpointGen.Runtime.Reading;

/// <summary>Byte swapping for checkpoints written on big-endian machines.</summary>
internal static class ByteOrder
{
    /// <summary>Reverses the bytes of each scalar; complex elements swap each component.</summary>
    public static void SwapInPlace(Span<byte> data, TensorDataType type)
    {
        var unit = type switch
        {
            TensorDataType.Complex64 => 4,
            TensorDataType.Complex128 => 8,
            _ => TensorDataTypes.ElementSize(type),
        };
        if (unit <= 1)
        {
            return;
        }
        for (var i = 0; i + unit <= data.Length; i += unit)
        {
            data.Slice(i, unit).Reverse();
        }
    }
}
