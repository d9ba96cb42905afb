using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CheckpointGen.Tool.Npy;

/// <summary>
/// Reads and writes numpy's <c>.npy</c> format (versions 1.0, 2.0 and 3.0; little- or big-endian;
/// C order; float32, float64, int32, int64, bool). Everything allocated is bounded first: the
/// header by <see cref="NpyHeader.MaxLength"/>, the data by the bytes the file really holds, which
/// must be exactly what the header's shape and dtype need.
/// </summary>
internal static class NpyFile
{
    /// <exception cref="NpyFormatException">The file is not a .npy file predict reads; the message has the offset and what was expected.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        var prefix = new byte[12];
        var got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < 10 || !prefix.AsSpan(0, 6).SequenceEqual(NpyHeader.Magic))
        {
            throw new NpyFormatException(path, 0, "not a .npy file: expected numpy's magic '\\x93NUMPY' and a version");
        }
        int major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2 or 3) || minor != 0)
        {
            throw new NpyFormatException(path, 6, $"format version {major}.{minor}; expected 1.0, 2.0 or 3.0");
        }
        var start = major == 1 ? 10 : 12;
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8)) : (long)BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
        if (headerLength > NpyHeader.MaxLength)
        {
            throw new NpyFormatException(path, 8, $"the header is {headerLength} bytes long; at most {NpyHeader.MaxLength} are read");
        }
        if (start + headerLength > length)
        {
            throw new NpyFormatException(path, start, $"the header needs {headerLength} bytes, and the file ends after {length - start}");
        }
        var header = new byte[headerLength];
        stream.Position = start;
        stream.ReadExactly(header);
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        var fields = NpyHeader.Parse(text, path, start);
        var dataOffset = start + headerLength;
        var count = ElementCount(fields.Shape, path, start);
        var bytes = length - dataOffset;
        if (bytes != count * fields.DType.Size)
        {
            throw new NpyFormatException(path, dataOffset, string.Create(CultureInfo.InvariantCulture,
                $"{bytes} data bytes follow the header; shape {NpyArray.FormatShape(fields.Shape)} of {fields.DType.Name} needs {count * fields.DType.Size}"));
        }
        var values = fields.DType.NewArray(count);
        var target = Bytes(values);
        stream.ReadExactly(target);
        if (values is bool[] flags)
        {
            // numpy stores bool as one byte, 0 or 1; any other byte would be an invalid CLR bool.
            for (var i = 0; i < target.Length; i++)
            {
                flags[i] = target[i] != 0;
            }
        }
        if (fields.BigEndian != !BitConverter.IsLittleEndian)
        {
            Swap(target, fields.DType.Size);
        }
        return new NpyArray(fields.DType, fields.Shape, values);
    }

    /// <summary>Writes <paramref name="array"/> in format 1.0 (2.0 if its header would not fit), little-endian, C order, as <c>numpy.save</c> does.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        var text = NpyHeader.Format(array.DType, array.Shape, 10);
        var major = text.Length <= ushort.MaxValue ? 1 : 2;
        if (major == 2)
        {
            text = NpyHeader.Format(array.DType, array.Shape, 12);
        }
        stream.Write(NpyHeader.Magic);
        stream.WriteByte((byte)major);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
            stream.Write(length[..2]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
            stream.Write(length);
        }
        stream.Write(Encoding.Latin1.GetBytes(text));
        var data = Bytes(array.Values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Swap(data, array.DType.Size);
        }
        stream.Write(data);
    }

    private static int ElementCount(long[] shape, string path, long offset)
    {
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new NpyFormatException(path, offset, $"shape {NpyArray.FormatShape(shape)} has more elements than an array holds ({Array.MaxLength})");
            }
        }
        return (int)count;
    }

    private static Span<byte> Bytes(Array values) => values switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new ArgumentException($"{values.GetType()} is not an element array .npy files hold", nameof(values)),
    };

    private static void Swap(Span<byte> data, int size)
    {
        switch (size)
        {
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(data), MemoryMarshal.Cast<byte, int>(data));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(data), MemoryMarshal.Cast<byte, long>(data));
                break;
        }
    }
}
