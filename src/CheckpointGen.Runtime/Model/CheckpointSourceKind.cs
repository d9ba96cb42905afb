namespace CheckpointGen.Runtime;

/// <summary>What the path given to <see cref="Checkpoint.Open(string, CheckpointOpenOptions?)"/> pointed at.</summary>
public enum CheckpointSourceKind
{
    /// <summary>A checkpoint prefix (<c>model.ckpt-1000</c>) or one of its files.</summary>
    Prefix,

    /// <summary>A folder whose <c>checkpoint</c> state file names the latest checkpoint.</summary>
    StateFile,

    /// <summary>A SavedModel folder (<c>saved_model.pb</c> and <c>variables/</c>).</summary>
    SavedModel,
}
