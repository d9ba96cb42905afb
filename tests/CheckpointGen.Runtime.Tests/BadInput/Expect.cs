namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Assertions shared by the bad-input tests: the exact exception type and where it points.</summary>
internal static class Expect
{
    /// <summary>Opening <paramref name="path"/> fails with exactly <typeparamref name="T"/>.</summary>
    public static T OpenFails<T>(string path)
        where T : CheckpointException =>
        Assert.Throws<T>(() => Checkpoint.Open(path).Dispose());

    /// <summary>The exception names <paramref name="file"/>, says <paramref name="reason"/>, and points at a tensor or an offset.</summary>
    public static void Names(CheckpointException error, string file, string reason, string? tensor = null)
    {
        Assert.Equal(file, error.FilePath);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        if (tensor is null)
        {
            Assert.NotNull(error.Offset);
        }
        else
        {
            Assert.Equal(tensor, error.TensorName);
        }
    }
}
