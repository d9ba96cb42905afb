using System.Buffers.Binary;
using System.Text;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>
/// Writes serialized tf.Examples by hand, field by field, so a test can choose what a protobuf
/// library would not write (unpacked lists, a key twice, a Feature without a list, damaged bytes);
/// and TFRecord files of them.
/// </summary>
internal static class ExampleBytes
{
    /// <summary>An Example whose feature map has these entries, in order (a key may repeat).</summary>
    public static byte[] Example(params (string Key, byte[] Feature)[] entries) =>
        Delimited(1, entries.SelectMany(e => Delimited(1, [.. Delimited(1, Encoding.UTF8.GetBytes(e.Key)), .. Delimited(2, e.Feature)])).ToArray());

    public static byte[] Floats(params float[] values) => FloatList(packed: true, values);

    public static byte[] FloatList(bool packed, params float[] values)
    {
        var bytes = values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();
        var list = packed ? Delimited(1, bytes) : values.SelectMany(v => new byte[] { 0x0D }.Concat(BitConverter.GetBytes(v))).ToArray();
        return Delimited(2, list);
    }

    public static byte[] Int64s(params long[] values) => Int64List(packed: true, values);

    public static byte[] Int64List(bool packed, params long[] values)
    {
        var list = packed
            ? Delimited(1, values.SelectMany(v => Varint((ulong)v)).ToArray())
            : values.SelectMany(v => new byte[] { 0x08 }.Concat(Varint((ulong)v))).ToArray();
        return Delimited(3, list);
    }

    public static byte[] Bytes(params string[] values) => Delimited(1, values.SelectMany(v => Delimited(1, Encoding.UTF8.GetBytes(v))).ToArray());

    /// <summary>A Feature that sets no list: TensorFlow treats the feature as missing.</summary>
    public static byte[] NoList => [];

    public static byte[] TfRecord(IEnumerable<byte[]> records)
    {
        var output = new List<byte>();
        foreach (var record in records)
        {
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)record.Length);
            output.AddRange(length);
            output.AddRange(Crc(length));
            output.AddRange(record);
            output.AddRange(Crc(record));
        }
        return output.ToArray();
    }

    public static byte[] Delimited(int field, byte[] payload) => [.. Varint((ulong)(field << 3 | 2)), .. Varint((ulong)payload.Length), .. payload];

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return bytes.ToArray();
    }

    private static byte[] Crc(byte[] data)
    {
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Mask(Crc32C.Compute(data)));
        return crc;
    }
}
