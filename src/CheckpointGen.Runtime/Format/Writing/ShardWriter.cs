namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Appends tensor bytes to one data file, checksumming them as they go out. Large inputs are
/// taken in chunks small enough that the checksum pulls a chunk into cache and the write copies
/// it from there, so checksumming costs no extra pass over memory.
/// </summary>
internal sealed class ShardWriter : IDisposable
{
    public const int ChunkSize = 1 << 20;

    /// <summary>Small tensors are gathered into writes of this size; chunks bypass the buffer.</summary>
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _stream;
#if !NET
    private readonly byte[] _copyBuffer = new byte[ChunkSize];
#endif

    public ShardWriter(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
    }

    public string Path { get; }

    /// <summary>Bytes written so far: the offset of the next tensor.</summary>
    public long Position { get; private set; }

    /// <summary>Writes <paramref name="data"/> and returns <paramref name="crc"/> extended with it.</summary>
    public uint Append(ReadOnlySpan<byte> data, uint crc)
    {
        while (data.Length > 0)
        {
            var chunk = data.Slice(0, Math.Min(ChunkSize, data.Length));
            crc = Crc32C.Append(crc, chunk);
            WriteUnchecked(chunk);
            data = data.Slice(chunk.Length);
        }
        return crc;
    }

    /// <summary>Writes bytes that the tensor's checksum does not cover as stored (string lengths).</summary>
    public void WriteUnchecked(ReadOnlySpan<byte> data)
    {
#if NET
        _stream.Write(data);
#else
        for (var done = 0; done < data.Length;)
        {
            var n = Math.Min(_copyBuffer.Length, data.Length - done);
            data.Slice(done, n).CopyTo(_copyBuffer);
            _stream.Write(_copyBuffer, 0, n);
            done += n;
        }
#endif
        Position += data.Length;
    }

    /// <summary>Flushes and closes the file; a write error surfaces here.</summary>
    public void Dispose() => _stream.Dispose();
}
