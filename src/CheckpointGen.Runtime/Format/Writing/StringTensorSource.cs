using System.Buffers.Binary;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// A DT_STRING tensor, encoded when added (string tensors are small: vocabularies, object
/// graphs). Its entry CRC is not the CRC of the stored bytes: it starts from the CRC of the
/// lengths as 4-byte words, which the stored lengths checksum already holds, and continues over
/// the checksum and the string bytes, which follow one another in the encoding.
/// </summary>
internal sealed class StringTensorSource : TensorSource
{
    private readonly byte[] _encoded;
    private readonly int _checksumOffset;

    public StringTensorSource(IReadOnlyList<byte[]> values)
    {
        _encoded = StringTensorCodec.Encode(values);
        var stringBytes = 0L;
        foreach (var value in values)
        {
            stringBytes += value.Length;
        }
        _checksumOffset = checked((int)(_encoded.Length - 4 - stringBytes));
    }

    public override long Size => _encoded.Length;

    public override uint WriteTo(ShardWriter output, string tensorName)
    {
        output.WriteUnchecked(_encoded.AsSpan(0, _checksumOffset));
        var lengthsCrc = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(_encoded.AsSpan(_checksumOffset)));
        return output.Append(_encoded.AsSpan(_checksumOffset), lengthsCrc);
    }
}
