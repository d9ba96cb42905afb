using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// A tensor's stored bytes in another V2 checkpoint, copied as they are from its memory-mapped
/// data file. The stored checksum is verified on the way, so a corrupt source fails the write
/// instead of being carried into the new checkpoint.
/// </summary>
internal sealed unsafe class StoredTensorSource : TensorSource
{
    private readonly SourceBundle _bundle;
    private readonly CheckpointVariable _entry;

    public StoredTensorSource(SourceBundle bundle, CheckpointVariable entry)
    {
        _bundle = bundle;
        _entry = entry;
    }

    public override long Size => _entry.Size;

    public override uint WriteTo(ShardWriter output, string tensorName)
    {
        var shard = _bundle.Shard(_entry);
        var stored = _entry.Crc32C.GetValueOrDefault();
        var data = _entry.Size == 0 ? null : shard.Map(_entry.Offset, _entry.Size, _entry.Name);
        uint actual;
        if (_entry.DataType == TensorDataType.String)
        {
            var bytes = new ReadOnlySpan<byte>(data, checked((int)_entry.Size));
            StringTensorCodec.Decode(bytes, _entry.Shape.ElementCount, shard.Path, _entry.Offset, _entry.Name, out actual);
            output.WriteUnchecked(bytes);
        }
        else
        {
            actual = 0;
            for (long done = 0; done < _entry.Size;)
            {
                var n = (int)Math.Min(ShardWriter.ChunkSize, _entry.Size - done);
                actual = output.Append(new ReadOnlySpan<byte>(data + done, n), actual);
                done += n;
            }
        }
        if (actual != stored)
        {
            throw new CheckpointChecksumException("tensor data", stored, actual, shard.Path, _entry.Offset, _entry.Name);
        }
        return actual;
    }
}
