using System.Text;
using CheckpointGen.Protos;
using CheckpointGen.Runtime.TextFormat;

namespace CheckpointGen.Runtime;

/// <summary>
/// The <c>checkpoint</c> state file of a checkpoint folder (a text-format CheckpointState): the
/// latest checkpoint and the ones still kept, as <c>tf.train.Saver</c> and
/// <c>tf.train.CheckpointManager</c> record them. Paths are as recorded: relative to the
/// file's folder, or absolute (see <see cref="CheckpointLocator.LatestCheckpoint"/> for how they
/// resolve). Immutable, with value equality.
/// </summary>
public sealed record CheckpointStateFile
{
    /// <summary>The file name TensorFlow uses.</summary>
    public const string DefaultName = "checkpoint";

    /// <summary>The latest checkpoint's prefix (<c>model.ckpt-10000</c>); empty when none is recorded.</summary>
    public string ModelCheckpointPath { get; init; } = string.Empty;

    /// <summary>The prefixes of the checkpoints kept, oldest first (the latest included).</summary>
    public IReadOnlyList<string> AllModelCheckpointPaths { get; init; } = Array.Empty<string>();

    /// <summary>When each kept checkpoint was written, in seconds since the Unix epoch, in the order of <see cref="AllModelCheckpointPaths"/>; often empty (TF 1 Savers before 1.11 wrote none).</summary>
    public IReadOnlyList<double> AllModelCheckpointTimestamps { get; init; } = Array.Empty<double>();

    /// <summary>When the last checkpoint kept for <c>keep_checkpoint_every_n_hours</c> was written (Unix seconds); 0 when not recorded.</summary>
    public double LastPreservedTimestamp { get; init; }

    /// <summary>Reads a state file: the file itself, or a folder holding one named <see cref="DefaultName"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">There is no such file.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a text-format CheckpointState; the message gives the line and column.</exception>
    public static CheckpointStateFile Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, DefaultName) : path;
        if (!File.Exists(file))
        {
            throw new CheckpointNotFoundException("no checkpoint state file here", file);
        }
        var state = TextFormatParser.Parse<CheckpointState>(File.ReadAllText(file, Encoding.UTF8), file);
        // No file system takes a NUL in a path; such a state file is damaged, not a path to try.
        if (state.AllModelCheckpointPaths.Prepend(state.ModelCheckpointPath).FirstOrDefault(p => p.IndexOf('\0') >= 0) is { } damaged)
        {
            throw new CheckpointFormatException($"the state file names a checkpoint path with a NUL character ('{damaged.Replace("\0", "\\0")}'): the file is damaged", file);
        }
        return new CheckpointStateFile
        {
            ModelCheckpointPath = state.ModelCheckpointPath,
            AllModelCheckpointPaths = state.AllModelCheckpointPaths.ToArray(),
            AllModelCheckpointTimestamps = state.AllModelCheckpointTimestamps.ToArray(),
            LastPreservedTimestamp = state.LastPreservedTimestamp,
        };
    }

    /// <summary>
    /// Writes <paramref name="state"/> as <paramref name="directory"/>/<paramref name="fileName"/>
    /// atomically: a temporary file in the same folder, then a rename over the old one, so a
    /// reader never sees a half-written state (what TensorFlow does too).
    /// </summary>
    /// <returns>The path of the file written.</returns>
    public static string Write(string directory, CheckpointStateFile state, string fileName = DefaultName)
    {
        var text = new TextFormatWriter();
        // Proto3 leaves out fields at their default value; TensorFlow's files do the same.
        if (state.ModelCheckpointPath.Length > 0)
        {
            text.Write("model_checkpoint_path", state.ModelCheckpointPath);
        }
        foreach (var path in state.AllModelCheckpointPaths)
        {
            text.Write("all_model_checkpoint_paths", path);
        }
        foreach (var timestamp in state.AllModelCheckpointTimestamps)
        {
            text.Write("all_model_checkpoint_timestamps", timestamp);
        }
        if (state.LastPreservedTimestamp != 0)
        {
            text.Write("last_preserved_timestamp", state.LastPreservedTimestamp);
        }
        var target = Path.Combine(Path.GetFullPath(directory), fileName);
        AtomicFile.WriteText(target, text.ToString());
        return target;
    }

    /// <inheritdoc/>
    public bool Equals(CheckpointStateFile? other) =>
        other is not null
        && ModelCheckpointPath == other.ModelCheckpointPath
        && AllModelCheckpointPaths.SequenceEqual(other.AllModelCheckpointPaths)
        && AllModelCheckpointTimestamps.SequenceEqual(other.AllModelCheckpointTimestamps)
        && LastPreservedTimestamp.Equals(other.LastPreservedTimestamp);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        StringComparer.Ordinal.GetHashCode(ModelCheckpointPath) ^ AllModelCheckpointPaths.Count ^ LastPreservedTimestamp.GetHashCode();
}
