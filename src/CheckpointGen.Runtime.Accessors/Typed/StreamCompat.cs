namespace CheckpointGen.Runtime;

#if !NET
/// <summary>Stream.ReadExactly, which netstandard2.0 lacks.</summary>
internal static class StreamCompat
{
    public static void ReadExactly(this Stream stream, byte[] buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = stream.Read(buffer, done, buffer.Length - done);
            if (n <= 0)
            {
                throw new EndOfStreamException();
            }
            done += n;
        }
    }
}
#endif
