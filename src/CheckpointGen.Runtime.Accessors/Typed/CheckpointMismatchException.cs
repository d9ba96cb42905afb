namespace CheckpointGen.Runtime;

/// <summary>
/// A checkpoint opened for a generated class does not have the variables the class was
/// compiled against: a name is missing, or its dtype or shape differs.
/// </summary>
public sealed class CheckpointMismatchException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointMismatchException(string filePath, IReadOnlyList<string> differences)
        : base($"checkpoint does not match the compiled model: {string.Join("; ", differences.Take(10))}{(differences.Count > 10 ? $"; and {differences.Count - 10} more" : string.Empty)}", filePath)
    {
        Differences = differences;
    }

    /// <summary>Every difference, one per variable.</summary>
    public IReadOnlyList<string> Differences { get; }
}
