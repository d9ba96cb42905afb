using Google.Protobuf;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// Protobuf binary encoding into a growable buffer: the text parser writes what it reads in
/// this form and lets the generated code parse it, so no reflection over message types is needed.
/// </summary>
internal sealed class WireWriter
{
    private byte[] _buffer = new byte[64];
    private int _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void WriteTag(int fieldNumber, WireFormat.WireType type) => WriteVarint(WireFormat.MakeTag(fieldNumber, type));

    public void WriteVarint(ulong value)
    {
        Reserve(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    public void WriteFixed32(uint value)
    {
        Reserve(4);
        for (var i = 0; i < 4; i++)
        {
            _buffer[_length++] = (byte)(value >> (8 * i));
        }
    }

    public void WriteFixed64(ulong value)
    {
        Reserve(8);
        for (var i = 0; i < 8; i++)
        {
            _buffer[_length++] = (byte)(value >> (8 * i));
        }
    }

    /// <summary>A length prefix and the bytes: strings, bytes and embedded messages.</summary>
    public void WriteLengthDelimited(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }
        var size = (int)Math.Max(_length + (long)count, Math.Min(int.MaxValue - 64, _buffer.Length * 2L));
        Array.Resize(ref _buffer, size);
    }
}
