namespace CheckpointGen.Runtime;

/// <summary>Options for <see cref="Checkpoint.Open(string, CheckpointOpenOptions?)"/>.</summary>
public sealed class CheckpointOpenOptions
{
    /// <summary>The defaults: verify each tensor on first read, load the graph.</summary>
    public static CheckpointOpenOptions Default { get; } = new();

    /// <summary>When tensor checksums are verified.</summary>
    public ChecksumPolicy Checksums { get; init; } = ChecksumPolicy.FirstRead;

    /// <summary>
    /// Whether to read the meta graph or SavedModel beside the checkpoint to learn real variable
    /// names and trainability. An unreadable graph is reported in
    /// <see cref="Checkpoint.Warnings"/>, never fatal to opening.
    /// </summary>
    public bool LoadGraph { get; init; } = true;
}
