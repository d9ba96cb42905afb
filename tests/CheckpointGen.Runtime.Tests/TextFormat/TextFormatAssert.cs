namespace CheckpointGen.Runtime.Tests.TextFormat;

internal static class TextFormatAssert
{
    /// <summary>Asserts that <paramref name="parse"/> fails at <paramref name="offset"/>, saying where (line:column) and why.</summary>
    public static void FailsAt(Action parse, string file, int offset, string position, string reason)
    {
        var error = Assert.Throws<CheckpointFormatException>(parse);

        Assert.Equal(file, error.FilePath);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(position + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
