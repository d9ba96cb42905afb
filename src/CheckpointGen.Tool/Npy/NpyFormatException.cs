namespace CheckpointGen.Tool.Npy;

/// <summary>A <c>.npy</c> file that is not one <c>predict</c> reads, with the file, the byte offset and what was expected.</summary>
internal sealed class NpyFormatException : Exception
{
    public NpyFormatException(string path, long offset, string message)
        : base($"{path}: at byte {offset}: {message}")
    {
    }
}
