namespace CheckpointGen.Runtime.Format.Table;

/// <summary>Constants of LevelDB's table format, which TensorFlow's .index files use.</summary>
internal static class TableFormat
{
    public const ulong Magic = 0xdb4775248b80fb57UL;

    /// <summary>Two padded block handles (40 bytes) and the 8-byte magic.</summary>
    public const int FooterLength = (2 * BlockHandle.MaxEncodedLength) + 8;

    /// <summary>The compression type byte and the masked CRC32C after every block.</summary>
    public const int BlockTrailerLength = 5;

    public const byte NoCompression = 0;
    public const byte SnappyCompression = 1;

    /// <summary>What TensorFlow's BundleWriter uses: a 256 KiB target for data blocks.</summary>
    public const int DefaultBlockSize = 256 * 1024;

    /// <summary>Data blocks restart key sharing every 16 entries.</summary>
    public const int DataBlockRestartInterval = 16;

    /// <summary>The index block restarts at every entry.</summary>
    public const int IndexBlockRestartInterval = 1;
}
