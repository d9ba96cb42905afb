namespace CheckpointGen.Runtime;

/// <summary>Where a checkpoint's files are, resolved from whatever path a user gave.</summary>
public sealed class CheckpointLocation
{
    internal CheckpointLocation(string requestedPath, CheckpointSourceKind source, CheckpointFormat format, string prefix, IReadOnlyList<string> v1Files, string? graphPath)
    {
        RequestedPath = requestedPath;
        Source = source;
        Format = format;
        Prefix = prefix;
        V1Files = v1Files;
        GraphPath = graphPath;
    }

    /// <summary>The path as given.</summary>
    public string RequestedPath { get; }

    /// <summary>What the path pointed at.</summary>
    public CheckpointSourceKind Source { get; }

    /// <summary>How the tensors are stored.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>The checkpoint prefix: <c>P</c> of <c>P.index</c> (V2), or the V1 file or pattern.</summary>
    public string Prefix { get; }

    /// <summary>The V2 index file.</summary>
    public string IndexPath => Prefix + ".index";

    /// <summary>The table files of a V1 checkpoint (empty for V2).</summary>
    public IReadOnlyList<string> V1Files { get; }

    /// <summary>
    /// The graph that describes the variables, when one exists: <c>P.meta</c>, or the SavedModel's
    /// <c>saved_model.pb</c> / <c>saved_model.pbtxt</c>.
    /// </summary>
    public string? GraphPath { get; }

    /// <inheritdoc/>
    public override string ToString() => Prefix;
}
