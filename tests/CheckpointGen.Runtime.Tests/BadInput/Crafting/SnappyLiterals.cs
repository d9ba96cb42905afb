namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>
/// A valid Snappy stream that is all literals (no copies): enough to make the compressed
/// blocks real TensorFlow indexes use, without a compressor.
/// </summary>
internal static class SnappyLiterals
{
    /// <summary>The longest literal a 1-byte length extension encodes.</summary>
    private const int MaxChunk = 256;

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream();
        Wire.WriteVarint(stream, (ulong)data.Length);
        for (var start = 0; start < data.Length; start += MaxChunk)
        {
            var chunk = data.Slice(start, Math.Min(MaxChunk, data.Length - start));
            WriteLiteralTag(stream, chunk.Length);
            stream.Write(chunk);
        }
        return stream.ToArray();
    }

    /// <summary>A literal of 1 to 256 bytes: inline length up to 60, else one extra length byte.</summary>
    public static void WriteLiteralTag(Stream stream, int length)
    {
        if (length <= 60)
        {
            stream.WriteByte((byte)((length - 1) << 2));
            return;
        }
        stream.WriteByte(60 << 2);
        stream.WriteByte((byte)(length - 1));
    }
}
