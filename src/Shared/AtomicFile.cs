using System.Text;

namespace CheckpointGen;

/// <summary>
/// The one way files are written: a temporary file beside the final one, then a rename over it,
/// so a failed or cancelled write never leaves half a file for the next reader to trust. Used by
/// the task, the worker, the CLI and the runtime's writers (several files that must appear
/// together: <c>AtomicFileSet</c>, built on the same temporary names and rename).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8; unchanged content keeps its timestamp, so incremental steps after it stay up to date.</summary>
    /// <returns>Whether the file changed.</returns>
    public static bool WriteText(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        });
        return true;
    }

    /// <summary>Writes the file through <paramref name="write"/>; on any failure the file at <paramref name="path"/> is unchanged and no temporary file remains.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
            Replace(temp, path);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>A new temporary name in <paramref name="finalPath"/>'s folder (a rename is atomic only within one file system).</summary>
    public static string TemporaryPath(string finalPath) => finalPath + ".tmp-" + Guid.NewGuid().ToString("N");

    /// <summary>Renames <paramref name="source"/> to <paramref name="target"/>, replacing it in one step where it exists.</summary>
    public static void Replace(string source, string target)
    {
#if NET
        File.Move(source, target, overwrite: true);
#else
        if (File.Exists(target))
        {
            File.Replace(source, target, destinationBackupFileName: null);
        }
        else
        {
            File.Move(source, target);
        }
#endif
    }

    /// <summary>
    /// Deletes a file if it is there. Cleanup runs while another error propagates, or after
    /// success; failing it must not replace that error or undo that success.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
