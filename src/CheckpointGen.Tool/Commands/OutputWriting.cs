using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// How commands write their output files: a failure of the file system (not of a checkpoint
/// being read) becomes <see cref="ExitCodes.WriteFailed"/>, and folders the write created are
/// removed again when it fails and they hold no file, so a failed command leaves nothing behind.
/// </summary>
internal static class OutputWriting
{
    /// <param name="target">What is written, for the message.</param>
    /// <param name="folder">The folder the output goes to, which the write may create; null when it creates none.</param>
    /// <param name="write">Writes the output.</param>
    public static void Run(string target, string? folder, Action write) => Run(target, folder, () =>
    {
        write();
        return true;
    });

    /// <summary>Like <see cref="Run(string, string?, Action)"/>, returning what <paramref name="write"/> returns.</summary>
    public static T Run<T>(string target, string? folder, Func<T> write)
    {
        var created = folder is null ? null : TopmostMissing(Path.GetFullPath(folder));
        try
        {
            return write();
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e is not CheckpointException))
        {
            RemoveIfEmpty(created);
            throw new CommandFailedException(ExitCodes.WriteFailed, $"could not write {target}: {e.Message}");
        }
        catch
        {
            RemoveIfEmpty(created);
            throw;
        }
    }

    /// <summary>The outermost folder of <paramref name="folder"/>'s path that does not exist yet, or null when it exists.</summary>
    private static string? TopmostMissing(string folder)
    {
        string? missing = null;
        for (var current = folder; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing = File.Exists(current) ? null : current;
        }
        return missing;
    }

    private static void RemoveIfEmpty(string? folder)
    {
        if (folder is not null && Directory.Exists(folder) && !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
