namespace CheckpointGen;

/// <summary>
/// Files written under temporary names beside their final ones, then renamed into place
/// together. Until <see cref="Install"/> succeeds nothing at a final path changes: disposing
/// without installing deletes the temporary files, and a failed rename puts back every file it
/// had replaced. Files are installed in the order they were added, so an index added last
/// appears only once its data files are in place. Temporary names and cleanup are
/// <see cref="AtomicFile"/>'s.
/// </summary>
internal sealed class AtomicFileSet : IDisposable
{
    private readonly List<(string Temp, string Final)> _files = new();
    private bool _installed;

    /// <summary>Reserves a temporary path for <paramref name="finalPath"/>; the caller creates the file.</summary>
    public string Add(string finalPath)
    {
        var temp = AtomicFile.TemporaryPath(finalPath);
        _files.Add((temp, finalPath));
        return temp;
    }

    /// <summary>Renames every temporary file to its final path, replacing what is there.</summary>
    public void Install()
    {
        var replaced = new List<(string Backup, string Final)>();
        var installed = new List<string>();
        try
        {
            foreach (var (temp, final) in _files)
            {
                if (File.Exists(final))
                {
                    var backup = final + ".bak-" + Guid.NewGuid().ToString("N");
                    File.Move(final, backup);
                    replaced.Add((backup, final));
                }
                File.Move(temp, final);
                installed.Add(final);
            }
        }
        catch
        {
            installed.ForEach(AtomicFile.TryDelete);
            foreach (var (backup, final) in replaced)
            {
                TryMove(backup, final);
            }
            throw;
        }
        _installed = true;
        foreach (var (backup, _) in replaced)
        {
            AtomicFile.TryDelete(backup);
        }
    }

    public void Dispose()
    {
        if (!_installed)
        {
            foreach (var (temp, _) in _files)
            {
                AtomicFile.TryDelete(temp);
            }
        }
    }

    // Like AtomicFile.TryDelete: restoring runs while another error propagates.
    private static void TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
