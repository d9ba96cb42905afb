namespace CheckpointGen.Runtime.Graphs;

/// <summary>What the graph beside a checkpoint (a .meta file or a SavedModel) says about its variables.</summary>
public sealed class CheckpointGraph
{
    internal CheckpointGraph(string path)
    {
        Path = path;
    }

    /// <summary>The file the graph was read from.</summary>
    public string Path { get; }
}
