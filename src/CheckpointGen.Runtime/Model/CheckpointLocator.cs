using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Runtime;

/// <summary>
/// Turns any path a TensorFlow user would hand over into a <see cref="CheckpointLocation"/>: a
/// prefix, one of its files, a folder with a <c>checkpoint</c> state file (latest checkpoint),
/// a SavedModel folder or its <c>saved_model.pb</c>, a TensorFlow Serving model folder (its
/// highest numbered version), or a legacy V1 file or session bundle folder.
/// </summary>
public static class CheckpointLocator
{
    /// <summary>A V1 shard's suffix, <c>-00000-of-00002</c>; a V2 data file's is <c>.data</c> and this.</summary>
    private const int ShardSuffixLength = 15;

    private const string DataSuffixStart = ".data";

    /// <summary>Resolves <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">Nothing there is a checkpoint; the message says what was tried and suggests a near miss.</exception>
    /// <exception cref="CheckpointFormatException">The path is a TensorFlow graph file, not a checkpoint; the message says what to give instead.</exception>
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
        if (File.Exists(full) && GraphFile.SavedModelNames.Contains(Path.GetFileName(full), StringComparer.Ordinal))
        {
            return ResolveDirectory(path, Path.GetDirectoryName(full)!);
        }
        var prefix = StripKnownSuffix(full);
        return ResolvePrefix(path, prefix, CheckpointSourceKind.Prefix)
            ?? throw new CheckpointNotFoundException(
                $"no checkpoint here: neither {Path.GetFileName(prefix)}.index (V2) nor a V1 checkpoint file exists{PathSuggestion.Hint(prefix)}", full);
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
                ?? throw new CheckpointNotFoundException(StaleState(statePath), statePath);
            return ResolvePrefix(requested, latest, CheckpointSourceKind.StateFile)!;
        }
        if (LatestServingVersion(directory) is { } version)
        {
            return ResolveDirectory(requested, version);
        }
        // A folder holding exactly one checkpoint (a session bundle export, a lone prefix).
        var indexes = Directory.GetFiles(directory, "*.index");
        if (indexes.Length == 1)
        {
            return ResolvePrefix(requested, StripKnownSuffix(indexes[0]), CheckpointSourceKind.Prefix)!;
        }
        var v1 = Directory.GetFiles(directory, "*-?????-of-?????").Where(HasShardSuffix).ToArray();
        if (indexes.Length == 0 && v1.Length > 0)
        {
            var prefix = v1[0].Substring(0, v1[0].Length - ShardSuffixLength);
            return ResolvePrefix(requested, prefix, CheckpointSourceKind.Prefix)!;
        }
        throw new CheckpointNotFoundException(
            indexes.Length > 1
                ? $"folder holds {indexes.Length} checkpoints and no 'checkpoint' state file; name one of: {string.Join(", ", indexes.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal))}"
                : "folder has no saved_model.pb, no 'checkpoint' state file, no .index file and no numbered SavedModel version folder",
            directory);
    }

    /// <summary>
    /// What a state file whose latest checkpoint is gone names, where that was looked for, and
    /// the checkpoints the folder does hold.
    /// </summary>
    private static string StaleState(string statePath)
    {
        var directory = Path.GetDirectoryName(statePath)!;
        var recorded = CheckpointStateFile.Read(statePath).ModelCheckpointPath;
        var held = Directory.GetFiles(directory, "*.index").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var inFolder = held.Count == 0 ? "the folder holds no checkpoint" : "checkpoints in the folder: " + string.Join(", ", held);
        if (recorded.Length == 0)
        {
            return $"the state file names no latest checkpoint (model_checkpoint_path is empty); {inFolder}";
        }
        var tried = string.Join(" or ", CandidatePaths(directory, recorded).Distinct(StringComparer.Ordinal).Select(p => p + ".index"));
        return $"the state file names '{recorded}' as the latest checkpoint, but {tried} does not exist; {inFolder}";
    }

    /// <summary>
    /// A TensorFlow Serving model folder holds one SavedModel per version in subfolders named by
    /// number (<c>1/</c>, <c>00000123/</c>); like TensorFlow Serving, take the highest version.
    /// </summary>
    private static string? LatestServingVersion(string directory) =>
        Directory.GetDirectories(directory)
            .Select(d => (Path: d, Name: Path.GetFileName(d)))
            .Where(d => d.Name.Length > 0 && d.Name.All(c => c is >= '0' and <= '9')
                && long.TryParse(d.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                && GraphFile.SavedModelNames.Any(n => File.Exists(Path.Combine(d.Path, n))))
            .OrderByDescending(d => long.Parse(d.Name, System.Globalization.CultureInfo.InvariantCulture))
            .Select(d => d.Path)
            .FirstOrDefault();

    private static CheckpointLocation? ResolvePrefix(string requested, string prefix, CheckpointSourceKind source)
    {
        if (File.Exists(prefix + ".index"))
        {
            var meta = prefix + ".meta";
            return new CheckpointLocation(requested, source, CheckpointFormat.V2, prefix, Array.Empty<string>(), File.Exists(meta) ? meta : null);
        }
        if (File.Exists(prefix) && !Directory.Exists(prefix))
        {
            if (ForeignFile.Describe(prefix) is { } foreign)
            {
                throw new CheckpointFormatException(foreign, prefix);
            }
            var sharded = HasShardSuffix(prefix);
            var basePrefix = sharded ? prefix.Substring(0, prefix.Length - ShardSuffixLength) : prefix;
            var files = sharded ? FindV1Shards(basePrefix) : new[] { prefix };
            if (files.Count == 0)
            {
                files = new[] { prefix };
            }
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
            .Where(HasShardSuffix)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
    }

    private static string StripKnownSuffix(string path)
    {
        if (path.EndsWith(".index", StringComparison.Ordinal) || path.EndsWith(".meta", StringComparison.Ordinal))
        {
            return path.Substring(0, path.LastIndexOf('.'));
        }
        var end = path.Length - ShardSuffixLength - DataSuffixStart.Length;
        return HasShardSuffix(path) && end >= 0 && string.CompareOrdinal(path, end, DataSuffixStart, 0, DataSuffixStart.Length) == 0
            ? path.Substring(0, end)
            : path;
    }

    /// <summary>
    /// Whether <paramref name="path"/> ends in <c>-NNNNN-of-NNNNN</c>. Written out rather than as a
    /// regular expression: constructing one costs about 6 ms, a tenth of a small command's start.
    /// </summary>
    private static bool HasShardSuffix(string path)
    {
        if (path.Length < ShardSuffixLength)
        {
            return false;
        }
        var suffix = path.AsSpan(path.Length - ShardSuffixLength);
        return suffix[0] == '-' && AreDigits(suffix.Slice(1, 5)) && suffix.Slice(6, 4).SequenceEqual("-of-".AsSpan()) && AreDigits(suffix.Slice(10, 5));
    }

    private static bool AreDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
