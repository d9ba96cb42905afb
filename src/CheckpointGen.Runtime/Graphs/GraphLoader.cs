namespace CheckpointGen.Runtime.Graphs;

/// <summary>Reads the graph beside a checkpoint, turning failures into warnings.</summary>
internal static class GraphLoader
{
    public static CheckpointGraph? TryLoad(CheckpointLocation location, List<string> warnings) =>
        location.GraphPath is null ? null : new CheckpointGraph(location.GraphPath);
}
