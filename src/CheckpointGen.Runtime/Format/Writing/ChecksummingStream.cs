namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// The write-only stream a <see cref="WriterTensorSource"/> callback receives: forwards to the
/// data file, checksums, and refuses bytes past the tensor's size before they reach the file.
/// </summary>
internal sealed class ChecksummingStream : Stream
{
    private readonly ShardWriter _output;
    private readonly long _limit;
    private readonly string _tensorName;

    public ChecksummingStream(ShardWriter output, long limit, string tensorName)
    {
        _output = output;
        _limit = limit;
        _tensorName = tensorName;
    }

    public uint Crc { get; private set; }

    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

#if NET
    public override void Write(ReadOnlySpan<byte> buffer)
#else
    private void Write(ReadOnlySpan<byte> buffer)
#endif
    {
        if (buffer.Length > _limit - Written)
        {
            throw new InvalidOperationException($"The data writer of '{_tensorName}' wrote more than the {_limit} bytes the tensor takes.");
        }
        Crc = _output.Append(buffer, Crc);
        Written += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
