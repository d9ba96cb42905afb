using System.Runtime.CompilerServices;

namespace CheckpointGen.Runtime.Format;

/// <summary>
/// Bounds-checked reading of LevelDB's primitive encodings (varints, fixed32/64) from a span.
/// Failures throw <see cref="CheckpointFormatException"/> with the absolute file offset, which
/// is why the reader carries the file name and the span's base offset.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly string _file;
    private readonly long _baseOffset;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer, string file, long baseOffset)
    {
        _buffer = buffer;
        _file = file;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly long FileOffset => _baseOffset + _position;

    /// <summary>A varint32; the fast path takes the common one-byte case inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarint32(string what)
    {
        if (_position < _buffer.Length)
        {
            var b = _buffer[_position];
            if (b < 0x80)
            {
                _position++;
                return b;
            }
        }
        return ReadVarint32Slow(what);
    }

    private uint ReadVarint32Slow(string what)
    {
        var value = ReadVarint64(what, maxBytes: 5);
        if (value > uint.MaxValue)
        {
            throw Error($"{what}: varint32 exceeds 32 bits");
        }
        return (uint)value;
    }

    public ulong ReadVarint64(string what, int maxBytes = 10)
    {
        var start = _position;
        if (VarintDecoder.TryRead(_buffer, ref _position, maxBytes, out var result))
        {
            return result;
        }
        var tooLong = _position - start == maxBytes;
        _position = start;
        throw Error(tooLong ? $"{what}: varint longer than {maxBytes} bytes" : $"{what}: truncated varint");
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error($"{what}: needs {count} bytes, {Remaining} remain");
        }
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    public readonly CheckpointFormatException Error(string message) =>
        new(message, _file, FileOffset);
}
