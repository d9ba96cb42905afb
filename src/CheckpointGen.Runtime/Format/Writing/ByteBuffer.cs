using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>A growable byte array with LevelDB's primitive encodings appended in place.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    public void AppendByte(byte value) => Grow(1)[0] = value;

    public void AppendFixed32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Grow(4), value);

    public void AppendVarint(ulong value)
    {
        while (value >= 0x80)
        {
            AppendByte((byte)(value | 0x80));
            value >>= 7;
        }
        AppendByte((byte)value);
    }

    /// <summary>Extends the buffer by <paramref name="count"/> bytes and returns them to fill.</summary>
    private Span<byte> Grow(int count)
    {
        var needed = checked(Length + count);
        if (needed > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(needed, _data.Length * 2));
        }
        var span = _data.AsSpan(Length, count);
        Length = needed;
        return span;
    }
}
