namespace CheckpointGen.Tool.Examples;

/// <summary>A file of serialized examples <c>predict</c> cannot read (a damaged TFRecord), with the file, the byte offset and what was expected.</summary>
internal sealed class ExampleFileException : Exception
{
    public ExampleFileException(string path, long offset, string message)
        : base($"{path}: at byte {offset}: {message}")
    {
    }
}
