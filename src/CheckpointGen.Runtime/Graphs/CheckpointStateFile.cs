namespace CheckpointGen.Runtime;

/// <summary>The <c>checkpoint</c> state file of a checkpoint folder (text-format CheckpointState).</summary>
public sealed class CheckpointStateFile
{
    /// <summary>The file name TensorFlow uses.</summary>
    public const string DefaultName = "checkpoint";

    /// <summary>The latest checkpoint's path, as recorded.</summary>
    public string ModelCheckpointPath { get; init; } = string.Empty;

    /// <summary>Reads a state file.</summary>
    public static CheckpointStateFile Read(string path) => throw new NotSupportedException(path);
}
