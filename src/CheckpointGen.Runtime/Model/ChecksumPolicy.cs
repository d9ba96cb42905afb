namespace CheckpointGen.Runtime;

/// <summary>When tensor checksums are verified. Table blocks of the index are always verified.</summary>
public enum ChecksumPolicy
{
    /// <summary>Each tensor the first time it is read through a <see cref="Checkpoint"/> instance.</summary>
    FirstRead,

    /// <summary>Every read.</summary>
    Always,

    /// <summary>Never (for callers that verified the files already).</summary>
    Never,
}
