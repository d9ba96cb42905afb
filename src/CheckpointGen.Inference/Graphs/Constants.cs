namespace CheckpointGen.Inference.Graphs;

/// <summary>Graph constants printed into generated code (those a checkpoint item has no stored tensor for).</summary>
public static class Constants
{
    /// <summary>Decodes float32 values stored as base64 of their little-endian IEEE 754 bytes.</summary>
    /// <exception cref="FormatException">The text is not base64 of whole floats.</exception>
    public static float[] Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64 ?? throw new ArgumentNullException(nameof(base64)));
        if (bytes.Length % 4 != 0) throw new FormatException($"{bytes.Length} bytes are not whole float32 values.");
        var values = new float[bytes.Length / 4];
        if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) Array.Reverse(values);
        return values;
    }
}
