using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Assertions shared by the bad-input tests: the exact exception type and where it points.</summary>
internal static class Expect
{
    /// <summary>Opening <paramref name="path"/> fails with exactly <typeparamref name="T"/>.</summary>
    public static T OpenFails<T>(string path)
        where T : CheckpointException =>
        Assert.Throws<T>(() => Checkpoint.Open(path).Dispose());

    /// <summary>
    /// A checkpoint built by <paramref name="build"/> fails to open with a format error that names
    /// the index, says <paramref name="reason"/>, and points at <paramref name="tensor"/> (or, when
    /// no tensor is given, at an offset).
    /// </summary>
    public static CheckpointFormatException IndexRefused(Action<BundleBuilder> build, string reason, string? tensor = null)
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        build(builder);
        var prefix = builder.Write(dir.Path);
        var error = OpenFails<CheckpointFormatException>(prefix);
        Names(error, prefix + ".index", reason, tensor);
        return error;
    }

    /// <summary>Like <see cref="IndexRefused"/> for a table file written as given (an index, or a V1 file with <paramref name="fileName"/>).</summary>
    public static CheckpointFormatException TableRefused(byte[] table, string reason, string? tensor = null, string fileName = "model.ckpt.index")
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(fileName);
        File.WriteAllBytes(path, table);
        var error = OpenFails<CheckpointFormatException>(path);
        Names(error, path, reason, tensor);
        return error;
    }

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
