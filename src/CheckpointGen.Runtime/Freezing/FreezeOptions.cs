namespace CheckpointGen.Runtime;

/// <summary>Options for <see cref="CheckpointFreezer"/>.</summary>
public sealed class FreezeOptions
{
    /// <summary>The defaults: the meta graph the checkpoint was opened with.</summary>
    public static FreezeOptions Default { get; } = new();

    /// <summary>
    /// For a SavedModel, the tags of the meta graph to freeze (<c>serve</c>, <c>serve,gpu</c>):
    /// the meta graph whose tag set is exactly this one, as TensorFlow's loader chooses. When
    /// null, the meta graph <see cref="Checkpoint.Graph"/> holds (the one tagged <c>serve</c>,
    /// else the first). Must be null for a checkpoint whose graph is not a SavedModel.
    /// </summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
