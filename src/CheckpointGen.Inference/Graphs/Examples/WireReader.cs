using System.Text;

namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// Protocol-buffer wire reading over one message of a serialized example: positions are offsets
/// in the whole example, so an error can say where; every length is checked against the bytes
/// that are left before it is used, so nothing is read or allocated by an untrusted size.
/// </summary>
internal ref struct WireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Delimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _example;
    private readonly ReadOnlySpan<byte> _key;
    private readonly int _index;
    private readonly int _end;
    private int _position;

    /// <param name="example">The whole serialized example.</param>
    /// <param name="start">Where the message starts in it.</param>
    /// <param name="end">Where it ends.</param>
    /// <param name="index">The example's index in the batch, for errors.</param>
    /// <param name="key">The feature being parsed, for errors.</param>
    public WireReader(ReadOnlySpan<byte> example, int start, int end, int index, ReadOnlySpan<byte> key)
    {
        _example = example;
        _position = start;
        _end = end;
        _index = index;
        _key = key;
    }

    public bool AtEnd => _position >= _end;

    /// <summary>A reader over a length-delimited field's contents, the same example and feature.</summary>
    public WireReader Inner(int start, int end) => new(_example, start, end, _index, _key);

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) Tag()
    {
        var at = _position;
        var tag = ReadVarint();
        if (tag >> 3 == 0 || tag >> 3 > int.MaxValue)
        {
            throw Fail(at, $"the tag {tag} has field number {tag >> 3}; field numbers are 1 to 2^29-1");
        }
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    /// <summary>A base-128 varint of at most 10 bytes.</summary>
    public ulong ReadVarint()
    {
        const int MaxBytes = 10;
        var at = _position;
        if (!VarintDecoder.TryRead(_example.Slice(0, _end), ref _position, MaxBytes, out var value))
        {
            throw Fail(at, _position - at == MaxBytes ? "a varint runs longer than 10 bytes" : "the bytes end inside a varint");
        }
        return value;
    }

    /// <summary>A length-delimited field's contents: its start and end, checked to lie within this message.</summary>
    public (int Start, int End) ReadDelimited()
    {
        var at = _position;
        var length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw Fail(at, $"a length of {length} bytes runs past the end of its message ({_end - _position} bytes left)");
        }
        var start = _position;
        _position += (int)length;
        return (start, _position);
    }

    /// <summary>A fixed32 value, little-endian.</summary>
    public uint ReadFixed32()
    {
        if (_end - _position < 4)
        {
            throw Fail(_position, $"a 4-byte value starts {_end - _position} bytes before the end of its message");
        }
        uint value = (uint)(_example[_position] | _example[_position + 1] << 8 | _example[_position + 2] << 16 | _example[_position + 3] << 24);
        _position += 4;
        return value;
    }

    /// <summary>Skips a field of a number this reader does not use.</summary>
    public void Skip(int wireType, int tagAt)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                if (_end - _position < 8)
                {
                    throw Fail(_position, $"an 8-byte value starts {_end - _position} bytes before the end of its message");
                }
                _position += 8;
                break;
            case Delimited:
                ReadDelimited();
                break;
            case Fixed32:
                ReadFixed32();
                break;
            default:
                throw Fail(tagAt, $"wire type {wireType} is {(wireType is 3 or 4 ? "a group, which tf.Example does not use" : "not a protocol-buffer wire type")}");
        }
    }

    public int Position => _position;

    /// <summary>The error for malformed bytes at <paramref name="offset"/>.</summary>
    public ExampleFormatException Fail(int offset, string reason) => new(_index, Text(_key), offset, reason);

    /// <summary>A feature key for messages (keys are UTF-8 in practice; other bytes show as replacement characters).</summary>
    public static string Text(ReadOnlySpan<byte> key) => Encoding.UTF8.GetString(key.ToArray());
}
