namespace CheckpointGen.Runtime;

/// <summary>A graph cannot be frozen as asked: an output is missing, an input dangles, a variable has no value.</summary>
public sealed class FreezeException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public FreezeException(string message, string? filePath = null, string? nodeName = null)
        : base(message, filePath, null, nodeName)
    {
    }
}
