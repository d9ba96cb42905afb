using System.Text.RegularExpressions;

namespace CheckpointGen.Runtime;

/// <summary>
/// Turns any path a TensorFlow user would hand over into a <see cref="CheckpointLocation"/>: a
/// prefix, one of its files, a folder with a <c>checkpoint</c> state file (latest checkpoint),
/// a SavedModel folder, or a legacy V1 file or session bundle folder.
/// </summary>
public static class CheckpointLocator
{
    private static readonly Regex DataSuffix = new(@"\.data-\d{5}-of-\d{5}$", RegexOptions.CultureInvariant);
    private static readonly Regex ShardSuffix = new(@"-\d{5}-of-(\d{5})$", RegexOptions.CultureInvariant);

    /// <summary>Resolves <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">Nothing there is a checkpoint; the message says what was tried.</exception>
    public static CheckpointLocation Resolve(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A checkpoint path is required.", nameof(path));
        }
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return ResolveDirectory(path, full);
        }
        return ResolvePrefix(path, StripKnownSuffix(full), CheckpointSourceKind.Prefix)
            ?? throw new CheckpointNotFoundException(
                $"no checkpoint here: neither {Path.GetFileName(full)}.index (V2) nor a V1 checkpoint file exists", full);
    }

    /// <summary>
    /// The latest checkpoint of a folder, as <c>tf.train.latest_checkpoint</c> finds it: the
    /// state file's <c>model_checkpoint_path</c>, made absolute; absolute paths from another
    /// machine fall back to this folder. Null when the folder has no state file or the
    /// checkpoint it names does not exist.
    /// </summary>
    public static string? LatestCheckpoint(string directory, string stateFileName = CheckpointStateFile.DefaultName)
    {
        var statePath = Path.Combine(Path.GetFullPath(directory), stateFileName);
        if (!File.Exists(statePath))
        {
            return null;
        }
        var state = CheckpointStateFile.Read(statePath);
        var latest = state.ModelCheckpointPath;
        if (string.IsNullOrEmpty(latest))
        {
            return null;
        }
        foreach (var candidate in CandidatePaths(Path.GetDirectoryName(statePath)!, latest))
        {
            if (Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>A path from a state file: joined to the state file's folder if relative; if absolute but gone, the same name in that folder.</summary>
    internal static IEnumerable<string> CandidatePaths(string stateDirectory, string recorded)
    {
        if (!Path.IsPathRooted(recorded))
        {
            yield return Path.GetFullPath(Path.Combine(stateDirectory, recorded));
            yield break;
        }
        yield return recorded;
        // Absolute paths are from the training machine; the file name survives a move.
        var name = recorded.Replace('\\', '/');
        yield return Path.Combine(stateDirectory, name.Substring(name.LastIndexOf('/') + 1));
    }

    /// <summary>A checkpoint exists if <c>P.index</c> (V2) or the file <c>P</c> (V1) does.</summary>
    internal static bool Exists(string prefix) => File.Exists(prefix + ".index") || File.Exists(prefix) || FindV1Shards(prefix).Count > 0;

    private static CheckpointLocation ResolveDirectory(string requested, string directory)
    {
        foreach (var name in new[] { "saved_model.pb", "saved_model.pbtxt" })
        {
            var graph = Path.Combine(directory, name);
            if (File.Exists(graph))
            {
                var prefix = Path.Combine(directory, "variables", "variables");
                if (!File.Exists(prefix + ".index"))
                {
                    throw new CheckpointNotFoundException("SavedModel has no variables/variables.index", directory);
                }
                return new CheckpointLocation(requested, CheckpointSourceKind.SavedModel, CheckpointFormat.V2, prefix, Array.Empty<string>(), graph);
            }
        }
        var statePath = Path.Combine(directory, CheckpointStateFile.DefaultName);
        if (File.Exists(statePath))
        {
            var latest = LatestCheckpoint(directory)
                ?? throw new CheckpointNotFoundException("the state file names no checkpoint that exists", statePath);
            return ResolvePrefix(requested, latest, CheckpointSourceKind.StateFile)!;
        }
        // A folder holding exactly one checkpoint (a session bundle export, a lone prefix).
        var indexes = Directory.GetFiles(directory, "*.index");
        if (indexes.Length == 1)
        {
            return ResolvePrefix(requested, StripKnownSuffix(indexes[0]), CheckpointSourceKind.Prefix)!;
        }
        var v1 = Directory.GetFiles(directory, "*-?????-of-?????").Where(f => ShardSuffix.IsMatch(f)).ToArray();
        if (indexes.Length == 0 && v1.Length > 0)
        {
            var prefix = ShardSuffix.Replace(v1[0], string.Empty);
            return ResolvePrefix(requested, prefix, CheckpointSourceKind.Prefix)!;
        }
        throw new CheckpointNotFoundException(
            indexes.Length > 1
                ? $"folder holds {indexes.Length} checkpoints and no 'checkpoint' state file; name one of: {string.Join(", ", indexes.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal))}"
                : "folder has no saved_model.pb, no 'checkpoint' state file and no .index file",
            directory);
    }

    private static CheckpointLocation? ResolvePrefix(string requested, string prefix, CheckpointSourceKind source)
    {
        if (File.Exists(prefix + ".index"))
        {
            var meta = prefix + ".meta";
            return new CheckpointLocation(requested, source, CheckpointFormat.V2, prefix, Array.Empty<string>(), File.Exists(meta) ? meta : null);
        }
        if (File.Exists(prefix) && !Directory.Exists(prefix))
        {
            var pattern = ShardSuffix.Match(prefix);
            var files = pattern.Success ? FindV1Shards(ShardSuffix.Replace(prefix, string.Empty)) : new[] { prefix };
            if (files.Count == 0)
            {
                files = new[] { prefix };
            }
            var basePrefix = pattern.Success ? ShardSuffix.Replace(prefix, string.Empty) : prefix;
            return new CheckpointLocation(requested, source, CheckpointFormat.V1, prefix, files, FindMeta(basePrefix));
        }
        var shards = FindV1Shards(prefix);
        if (shards.Count > 0)
        {
            return new CheckpointLocation(requested, source, CheckpointFormat.V1, prefix, shards, FindMeta(prefix));
        }
        return null;
    }

    private static string? FindMeta(string prefix)
    {
        var meta = prefix + ".meta";
        return File.Exists(meta) ? meta : null;
    }

    /// <summary>The files of a sharded V1 checkpoint: <c>P-00000-of-00002</c>, <c>P-00001-of-00002</c>.</summary>
    private static IReadOnlyList<string> FindV1Shards(string prefix)
    {
        var directory = Path.GetDirectoryName(prefix);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return Array.Empty<string>();
        }
        var name = Path.GetFileName(prefix);
        return Directory.GetFiles(directory, name + "-?????-of-?????")
            .Where(f => ShardSuffix.IsMatch(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
    }

    private static string StripKnownSuffix(string path)
    {
        if (path.EndsWith(".index", StringComparison.Ordinal) || path.EndsWith(".meta", StringComparison.Ordinal))
        {
            return path.Substring(0, path.LastIndexOf('.'));
        }
        return DataSuffix.Replace(path, string.Empty);
    }
}
