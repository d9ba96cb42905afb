namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>One file of a checkpoint held in memory, named relative to the checkpoint's folder.</summary>
internal sealed record CheckpointFile(string Name, byte[] Bytes);

/// <summary>
/// A checkpoint held in memory: its files and the one to open (the V2 prefix or the V1 file).
/// Mutants are written to a scratch folder as is; nothing else (no graph) sits beside them.
/// </summary>
internal sealed record CheckpointFiles(string Label, string OpenName, IReadOnlyList<CheckpointFile> Files)
{
    public long TotalBytes => Files.Sum(f => (long)f.Bytes.Length);

    /// <summary>The checkpoint in memory: <paramref name="names"/> read from <paramref name="directory"/>.</summary>
    public static CheckpointFiles Load(string label, string directory, string openName, IEnumerable<string> names) =>
        new(label, openName, names.Select(n => new CheckpointFile(n, File.ReadAllBytes(Path.Combine(directory, n)))).ToArray());

    /// <summary>Replaces the folder's contents with these files; returns the path to open.</summary>
    public string WriteTo(string directory)
    {
        foreach (var stale in Directory.GetFiles(directory))
        {
            File.Delete(stale);
        }
        foreach (var file in Files)
        {
            File.WriteAllBytes(Path.Combine(directory, file.Name), file.Bytes);
        }
        return Path.Combine(directory, OpenName);
    }

    public CheckpointFiles With(int index, byte[] bytes)
    {
        var files = Files.ToArray();
        files[index] = files[index] with { Bytes = bytes };
        return this with { Files = files };
    }
}
