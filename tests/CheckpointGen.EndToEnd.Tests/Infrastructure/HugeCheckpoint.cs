using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A TensorBundle V2 checkpoint holding one float32 tensor of more bytes than an assembly can
/// hold, written without writing those bytes: the data file is sparse (all zeros, no blocks on
/// disk) and the index, a one-block LevelDB table written here from the format's definition,
/// carries the CRC32C of that many zeros. Independent of the product's own writer, and cheap:
/// a few hundred bytes on disk and one pass of the CRC instruction over zeros.
/// </summary>
internal static class HugeCheckpoint
{
    private const ulong TableMagic = 0xdb4775248b80fb57;

    /// <summary>Writes <c>model.ckpt.index</c> and a sparse data file into <paramref name="folder"/>; returns the prefix.</summary>
    public static string Write(string folder, string tensorName, long elements)
    {
        Directory.CreateDirectory(folder);
        var prefix = Path.Combine(folder, "model.ckpt");
        var size = elements * sizeof(float);
        using (var data = new FileStream(prefix + ".data-00000-of-00001", FileMode.Create, FileAccess.Write))
        {
            data.SetLength(size);
        }
        var header = Message(Varint(1, 1), Nested(3, Varint(1, 1)));
        var entry = Message(
            Varint(1, 1),
            Nested(2, Nested(2, Varint(1, (ulong)elements))),
            Varint(4, 0),
            Varint(5, (ulong)size),
            Fixed32(6, Mask(Crc32CZeros(size))));
        File.WriteAllBytes(prefix + ".index", Table(new[] { (Array.Empty<byte>(), header), (System.Text.Encoding.UTF8.GetBytes(tensorName), entry) }));
        return prefix;
    }

    /// <summary>A LevelDB table: one data block with the sorted entries, an empty meta index, an index block, the footer.</summary>
    private static byte[] Table(IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var file = new MemoryStream();
        var dataHandle = WriteBlock(file, entries);
        var metaHandle = WriteBlock(file, Array.Empty<(byte[], byte[])>());
        var indexHandle = WriteBlock(file, new[] { (entries[^1].Key, Concat(Uleb(dataHandle.Offset), Uleb(dataHandle.Size))) });
        var footer = new byte[48];
        var handles = Concat(Uleb(metaHandle.Offset), Uleb(metaHandle.Size), Uleb(indexHandle.Offset), Uleb(indexHandle.Size));
        handles.CopyTo(footer, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(40), TableMagic);
        file.Write(footer);
        return file.ToArray();
    }

    /// <summary>Entries without key sharing, one restart point, then the trailer: no compression and the block's masked CRC.</summary>
    private static (ulong Offset, ulong Size) WriteBlock(Stream file, IReadOnlyList<(byte[] Key, byte[] Value)> entries)
    {
        var block = new MemoryStream();
        foreach (var (key, value) in entries)
        {
            block.Write(Concat(Uleb(0), Uleb((ulong)key.Length), Uleb((ulong)value.Length), key, value));
        }
        block.Write(LittleEndian32(0));
        block.Write(LittleEndian32(1));
        var contents = block.ToArray();
        var offset = (ulong)file.Position;
        file.Write(contents);
        var typed = Concat(contents, new byte[] { 0 });
        file.WriteByte(0);
        file.Write(LittleEndian32(Mask(~Update(uint.MaxValue, typed))));
        return (offset, (ulong)contents.Length);
    }

    private static byte[] Message(params byte[][] fields) => Concat(fields);

    private static byte[] Varint(int field, ulong value) => Concat(Uleb((ulong)(field << 3)), Uleb(value));

    private static byte[] Fixed32(int field, uint value) => Concat(Uleb((ulong)((field << 3) | 5)), LittleEndian32(value));

    private static byte[] Nested(int field, byte[] message) => Concat(Uleb((ulong)((field << 3) | 2)), Uleb((ulong)message.Length), message);

    private static byte[] Uleb(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return bytes.ToArray();
    }

    private static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>LevelDB's and TensorFlow's masking of stored CRCs.</summary>
    private static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8;

    /// <summary>Bit by bit, from the polynomial: the state before the final inversion.</summary>
    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc >> 1) ^ (0x82f63b78 & (uint)-(int)(crc & 1));
            }
        }
        return crc;
    }

    /// <summary>The CRC32C of <paramref name="count"/> zero bytes (a multiple of 8), with the CPU's CRC instruction where there is one.</summary>
    private static uint Crc32CZeros(long count)
    {
        ulong crc = uint.MaxValue;
        if (Sse42.X64.IsSupported)
        {
            for (var i = 0L; i < count / 8; i++)
            {
                crc = Sse42.X64.Crc32(crc, 0UL);
            }
        }
        else if (Crc32.Arm64.IsSupported)
        {
            for (var i = 0L; i < count / 8; i++)
            {
                crc = Crc32.Arm64.ComputeCrc32C((uint)crc, 0UL);
            }
        }
        else
        {
            var zeros = new byte[1 << 20];
            for (var left = count; left > 0; left -= zeros.Length)
            {
                crc = Update((uint)crc, zeros.AsSpan(0, (int)Math.Min(left, zeros.Length)));
            }
        }
        return ~(uint)crc;
    }
}
