using System.Buffers.Binary;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>LevelDB's primitive encodings, written to build files byte by byte.</summary>
internal static class Wire
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>(10);
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    public static void WriteVarint(Stream stream, ulong value) => stream.Write(Varint(value));

    public static void WriteFixed32(Stream stream, uint value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        stream.Write(word);
    }

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
