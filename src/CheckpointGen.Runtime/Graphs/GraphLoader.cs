namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// Reads the graph beside a checkpoint for <see cref="Checkpoint.Open(CheckpointLocation, CheckpointOpenOptions?)"/>.
/// The graph only adds names and kinds, so an unreadable one becomes a warning, never a failure to open.
/// </summary>
internal static class GraphLoader
{
    /// <summary>The text graph TF1 Estimators write beside their checkpoints.</summary>
    private const string EstimatorGraphName = "graph.pbtxt";

    /// <summary>
    /// The location's graph (<c>P.meta</c> or the SavedModel's); for a SavedModel's
    /// <c>variables/variables</c> prefix, the SavedModel's graph; else the folder's
    /// <c>graph.pbtxt</c>. Null when there is none or it cannot be read (then a warning naming
    /// the file and the reason is added to <paramref name="warnings"/>).
    /// </summary>
    public static CheckpointGraph? TryLoad(CheckpointLocation location, List<string> warnings)
    {
        var path = location.GraphPath ?? FindGraphBeside(location.Prefix);
        if (path is null)
        {
            return null;
        }
        try
        {
            return CheckpointGraph.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = ((e as CheckpointException)?.Reason ?? e.Message).TrimEnd('.', ' ');
            warnings.Add($"Ignored the graph {path}: {reason}. Variables are named and classified from their keys alone.");
            return null;
        }
    }

    private static string? FindGraphBeside(string prefix)
    {
        var directory = Path.GetDirectoryName(prefix);
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }
        if (Path.GetFileName(prefix) == "variables" && Path.GetFileName(directory) == "variables" && Path.GetDirectoryName(directory) is { } savedModel)
        {
            return GraphFile.SavedModelNames.Select(n => Path.Combine(savedModel, n)).FirstOrDefault(File.Exists);
        }
        var estimatorGraph = Path.Combine(directory, EstimatorGraphName);
        return File.Exists(estimatorGraph) ? estimatorGraph : null;
    }
}
