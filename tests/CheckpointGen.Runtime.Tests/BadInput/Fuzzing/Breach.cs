namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// One way an input broke the reader contract: the step, what was wrong (a fixed phrase, so it
/// groups), the exception if one was thrown, and details such as measured sizes.
/// </summary>
internal sealed record Breach(string Step, string? Tensor, string Problem, Exception? Exception, string? Detail = null)
{
    /// <summary>Groups breaches with one cause: the problem, the exception type and where it was thrown.</summary>
    public string Signature
    {
        get
        {
            var frame = Exception?.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
            return $"{Problem} {Exception?.GetType().FullName} {frame}".Trim();
        }
    }

    public override string ToString()
    {
        var where = Tensor is null ? Step : $"{Step} '{Tensor}'";
        return Exception is null
            ? $"{where}: {Problem}: {Detail}"
            : $"{where}: {Exception.GetType().FullName} {Problem}: {Exception.Message}\n{Exception.StackTrace}";
    }
}
