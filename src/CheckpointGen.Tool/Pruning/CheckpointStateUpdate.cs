using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// The <c>checkpoint</c> state file after saving a new checkpoint in its folder, as
/// <c>tf.train.Saver.save</c> updates it: the new prefix (relative to the folder) becomes the
/// latest and the last of the kept ones, with its timestamp where the file keeps timestamps.
/// </summary>
internal static class CheckpointStateUpdate
{
    /// <summary>The state file's path for a checkpoint written at <paramref name="prefix"/>.</summary>
    public static string PathFor(string prefix) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(prefix))!, CheckpointStateFile.DefaultName);

    /// <summary>Reads the existing state beside <paramref name="prefix"/> (none yet: null), so a corrupt one stops the command before anything is written.</summary>
    public static CheckpointStateFile? ReadExisting(string prefix)
    {
        var path = PathFor(prefix);
        return File.Exists(path) ? CheckpointStateFile.Read(path) : null;
    }

    /// <summary>The state with <paramref name="prefix"/> as the latest checkpoint, saved at <paramref name="now"/> (Unix seconds).</summary>
    public static CheckpointStateFile Add(CheckpointStateFile? existing, string prefix, double now)
    {
        var name = Path.GetFileName(Path.GetFullPath(prefix));
        existing ??= new CheckpointStateFile();
        var paths = existing.AllModelCheckpointPaths.ToList();
        var timestamps = existing.AllModelCheckpointTimestamps.ToList();
        var withTimestamps = timestamps.Count == paths.Count;
        for (var i = paths.Count - 1; i >= 0; i--)
        {
            if (SamePrefix(paths[i], name, prefix))
            {
                paths.RemoveAt(i);
                if (withTimestamps)
                {
                    timestamps.RemoveAt(i);
                }
            }
        }
        paths.Add(name);
        if (withTimestamps)
        {
            timestamps.Add(now);
        }
        return existing with
        {
            ModelCheckpointPath = name,
            AllModelCheckpointPaths = paths,
            AllModelCheckpointTimestamps = timestamps,
        };
    }

    /// <summary>Whether a recorded path (relative, or absolute from the machine that trained) names the same checkpoint.</summary>
    private static bool SamePrefix(string recorded, string name, string prefix) =>
        recorded == name
        || (Path.IsPathRooted(recorded) && string.Equals(Path.GetFullPath(recorded), Path.GetFullPath(prefix), StringComparison.Ordinal));
}
