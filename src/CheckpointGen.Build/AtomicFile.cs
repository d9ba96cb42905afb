namespace CheckpointGen.Build;

/// <summary>Writes files by temp file and rename, so a failed or cancelled build never leaves half a file for the next one to trust.</summary>
internal static class AtomicFile
{
    public static void WriteText(string path, string text)
    {
        // Unchanged content keeps its timestamp, so incremental steps after this stay up to date.
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            writer.Write(text);
        });
    }

    public static void Write(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
