using System.Buffers.Binary;
using System.Text;

namespace CheckpointGen.Tool.Tests.Npy;

/// <summary>.npy files byte by byte as numpy.save lays them out (magic, version, header length, padded header, data), written without the tool's writer.</summary>
internal static class NpyBytes
{
    public static byte[] File(string header, byte[] data, int major = 1, bool pad = true)
    {
        var prefix = major == 1 ? 10 : 12;
        var text = pad ? header + new string(' ', (64 - ((prefix + header.Length + 1) % 64)) % 64) + "\n" : header;
        var encoded = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(text);
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)encoded.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)encoded.Length);
        }
        stream.Write(length);
        stream.Write(encoded);
        stream.Write(data);
        return stream.ToArray();
    }

    public static byte[] Floats(params float[] values) => values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    public static byte[] BigEndianDoubles(params double[] values) =>
        values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteDoubleBigEndian(b, v); return b; }).ToArray();

    /// <summary>Writes a float32 array of <paramref name="shape"/> to <paramref name="path"/>, as numpy.save would.</summary>
    public static string SaveFloats(string path, float[] values, params long[] shape)
    {
        var dims = "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");
        System.IO.File.WriteAllBytes(path, File($"{{'descr': '<f4', 'fortran_order': False, 'shape': {dims}, }}", Floats(values)));
        return path;
    }
}
