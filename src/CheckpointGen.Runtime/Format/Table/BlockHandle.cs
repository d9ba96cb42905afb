namespace CheckpointGen.Runtime.Format.Table;

/// <summary>Where a block sits in a table file; <see cref="Size"/> excludes the 5-byte trailer.</summary>
internal readonly record struct BlockHandle(ulong Offset, ulong Size)
{
    /// <summary>Two varint64s at most: 20 bytes.</summary>
    public const int MaxEncodedLength = 20;

    public static BlockHandle Read(ref SpanReader reader, string what) =>
        new(reader.ReadVarint64(what + " offset"), reader.ReadVarint64(what + " size"));
}
