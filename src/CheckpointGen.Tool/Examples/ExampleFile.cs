using System.Buffers.Binary;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Tool.Examples;

/// <summary>
/// Serialized <c>tf.Example</c> protos for a string input of <c>predict</c>: a TFRecord file (what
/// <c>tf.io.TFRecordWriter</c> writes, uncompressed: per record a little-endian uint64 length, its
/// masked CRC32C, the bytes, their masked CRC32C), one Example per record; or any other file,
/// taken as one serialized Example (what <c>example.SerializeToString()</c> writes). A file is a
/// TFRecord when its first 12 bytes are a length with a matching CRC, which bytes of an Example
/// (starting with its field tag 0x0A) practically never are. The file is read once; the examples
/// are slices of that buffer.
/// </summary>
internal static class ExampleFile
{
    private const int HeaderBytes = 12;
    private const int FooterBytes = 4;

    /// <exception cref="ExampleFileException">A TFRecord file is damaged: a record's length runs past the end, or a CRC does not match.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ReadOnlyMemory<byte>[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return IsTfRecord(bytes) ? Records(path, bytes) : new ReadOnlyMemory<byte>[] { bytes };
    }

    private static bool IsTfRecord(byte[] bytes) =>
        bytes.Length >= HeaderBytes && Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, 8))) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));

    private static ReadOnlyMemory<byte>[] Records(string path, byte[] bytes)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        long offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < HeaderBytes)
            {
                throw new ExampleFileException(path, offset, $"record {records.Count} starts {bytes.Length - offset} bytes before the end; a record header is {HeaderBytes} bytes");
            }
            var header = bytes.AsSpan((int)offset, HeaderBytes);
            if (Crc32C.Mask(Crc32C.Compute(header.Slice(0, 8))) != BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8)))
            {
                throw new ExampleFileException(path, offset + 8, $"record {records.Count}: the length's CRC32C does not match");
            }
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            var start = offset + HeaderBytes;
            var room = bytes.Length - start - FooterBytes;
            if (room < 0 || length > (ulong)room)
            {
                throw new ExampleFileException(path, offset, $"record {records.Count} is {length} bytes long, but {Math.Max(0, room)} bytes follow its header before the data's CRC");
            }
            var data = bytes.AsMemory((int)start, (int)length);
            var footer = start + (long)length;
            if (Crc32C.Mask(Crc32C.Compute(data.Span)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)footer, FooterBytes)))
            {
                throw new ExampleFileException(path, footer, $"record {records.Count}: the data's CRC32C does not match");
            }
            records.Add(data);
            offset = footer + FooterBytes;
        }
        return records.ToArray();
    }
}
