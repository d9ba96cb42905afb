namespace CheckpointGen.Tool;

/// <summary>
/// The process exit codes of <c>checkpointgen</c>, the same for every command, so scripts can
/// tell a negative answer from a bad command line from a broken checkpoint.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked: listed, printed, verified, found, wrote.</summary>
    public const int Success = 0;

    /// <summary>
    /// The command ran and its answer is negative: <c>verify</c> found a checksum mismatch or an
    /// unreadable tensor, <c>latest</c> found no checkpoint, <c>inspect --tensor</c> named no
    /// tensor of the checkpoint, <c>diff</c> found differences, <c>freeze</c> could not freeze
    /// the graph as asked (an output not in the graph, variables inside TF2 functions, a
    /// variable the checkpoint lacks), <c>prune</c> or <c>generate</c> kept no variable or were
    /// asked for trainable variables of a checkpoint whose graph marks none.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// The command line is wrong: unknown command or option, missing or conflicting arguments,
    /// a value out of range, a <c>--rename</c> that matches no kept variable or makes two names collide.
    /// </summary>
    public const int Usage = 2;

    /// <summary>The path, or a file the checkpoint needs (index, data shard, state file, graph), is missing or unreadable.</summary>
    public const int NotFound = 3;

    /// <summary>A checkpoint or graph file is corrupt, truncated, or uses something the reader does not support.</summary>
    public const int Corrupt = 4;

    /// <summary>An unexpected internal error: a bug in checkpointgen, reported with its stack trace.</summary>
    public const int InternalError = 5;

    /// <summary>An output file could not be written (permissions, a full disk); nothing half-written is left behind.</summary>
    public const int WriteFailed = 6;
}
