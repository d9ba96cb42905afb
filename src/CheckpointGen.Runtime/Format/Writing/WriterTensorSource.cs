namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// Bytes produced by a caller's callback into a stream, for tensors generated or read from
/// elsewhere piece by piece; the callback must write exactly the tensor's size.
/// </summary>
internal sealed class WriterTensorSource : TensorSource
{
    private readonly Action<Stream> _write;

    public WriterTensorSource(Action<Stream> write, long size)
    {
        _write = write;
        Size = size;
    }

    public override long Size { get; }

    public override uint WriteTo(ShardWriter output, string tensorName)
    {
        using var sink = new ChecksummingStream(output, Size, tensorName);
        _write(sink);
        if (sink.Written != Size)
        {
            throw new InvalidOperationException($"The data writer of '{tensorName}' wrote {sink.Written} bytes; the tensor takes {Size}.");
        }
        return sink.Crc;
    }
}
