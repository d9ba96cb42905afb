namespace CheckpointGen.Runtime;

/// <summary>
/// The base of every error CheckpointGen reports about a checkpoint's files. It names the file
/// and, where known, the byte offset in it and the tensor concerned, so a message alone tells a
/// user where to look.
/// </summary>
public class CheckpointException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message, string? filePath = null, long? offset = null, string? tensorName = null, Exception? innerException = null)
        : base(Compose(message, filePath, offset, tensorName), innerException)
    {
        Reason = message;
        FilePath = filePath;
        Offset = offset;
        TensorName = tensorName;
    }

    /// <summary>What went wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file concerned, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>The byte offset in <see cref="FilePath"/> where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>The tensor (checkpoint key) concerned, when there is one.</summary>
    public string? TensorName { get; }

    private static string Compose(string message, string? filePath, long? offset, string? tensorName)
    {
        var where = filePath ?? string.Empty;
        if (offset is { } o)
        {
            where += (where.Length > 0 ? " " : string.Empty) + "at offset " + o.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (tensorName is not null)
        {
            where += (where.Length > 0 ? ", " : string.Empty) + "tensor '" + tensorName + "'";
        }
        return where.Length == 0 ? message : where + ": " + message;
    }
}

/// <summary>
/// A checkpoint file is malformed, truncated, inconsistent or uses something this reader does
/// not support (a dtype, a format version).
/// </summary>
public class CheckpointFormatException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointFormatException(string message, string? filePath = null, long? offset = null, string? tensorName = null, Exception? innerException = null)
        : base(message, filePath, offset, tensorName, innerException)
    {
    }
}

/// <summary>A stored CRC32C does not match the bytes: the file is corrupt.</summary>
public sealed class CheckpointChecksumException : CheckpointFormatException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointChecksumException(string what, uint expected, uint actual, string? filePath, long? offset, string? tensorName = null)
        : base($"CRC32C mismatch in {what}: stored 0x{expected:x8}, computed 0x{actual:x8}", filePath, offset, tensorName)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The checksum the file stores (unmasked).</summary>
    public uint Expected { get; }

    /// <summary>The checksum of the bytes as read.</summary>
    public uint Actual { get; }
}

/// <summary>A file a checkpoint needs is not there (the index, a data shard, a state file).</summary>
public sealed class CheckpointNotFoundException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointNotFoundException(string message, string? filePath = null, string? tensorName = null)
        : base(message, filePath, null, tensorName)
    {
    }
}
