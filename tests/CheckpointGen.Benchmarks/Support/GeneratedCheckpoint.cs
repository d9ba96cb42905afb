using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Benchmarks.Support;

/// <summary>
/// A single-shard checkpoint of equally sized float tensors, written with
/// <see cref="CheckpointWriter"/> into its own temporary folder and deleted on disposal.
/// Written at benchmark setup, so its files are in the page cache when measuring starts.
/// </summary>
internal sealed class GeneratedCheckpoint(string folder, string prefix, int tensorCount) : IDisposable
{
    public string Prefix { get; } = prefix;

    public int TensorCount { get; } = tensorCount;

    public string DataFile => BundleStore.DataFilePath(Prefix, 0, 1);

    /// <summary>Writes <paramref name="tensorCount"/> float tensors of <paramref name="floatsPerTensor"/> elements.</summary>
    public static GeneratedCheckpoint Write(int tensorCount, int floatsPerTensor)
    {
        var folder = Path.Combine(Path.GetTempPath(), "checkpointgen-benchmarks-" + Guid.NewGuid().ToString("N"));
        var prefix = Path.Combine(folder, "model.ckpt-1");
        var values = new float[floatsPerTensor];
        var random = new Random(tensorCount);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }
        // Every tensor shares one array: the writer reads it at commit, and identical contents
        // cost the reader the same as distinct ones.
        using var writer = new CheckpointWriter(prefix);
        var shape = TensorShape.Create(floatsPerTensor);
        for (var i = 0; i < tensorCount; i++)
        {
            writer.Add(TensorName(i), shape, TensorData.FromValues(values));
        }
        writer.Commit();
        WriteBack(folder);
        return new GeneratedCheckpoint(folder, prefix, tensorCount);
    }

    /// <summary>
    /// Forces the new files to disk before measuring starts: otherwise the kernel writes a
    /// gigabyte of dirty pages back during the first iterations, slowing whichever benchmark
    /// runs then. The pages stay in the page cache.
    /// </summary>
    private static void WriteBack(string folder)
    {
        foreach (var file in Directory.GetFiles(folder))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }

    public static string TensorName(int index) => $"model/layer_{index:D6}/kernel";

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
