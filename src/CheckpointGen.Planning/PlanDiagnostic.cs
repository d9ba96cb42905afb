namespace CheckpointGen.Planning;

/// <summary>How much a diagnostic matters: errors fail the build, infos are messages.</summary>
internal enum PlanSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// Something the planner has to say about one &lt;Checkpoint&gt; item. The worker turns it into an
/// MSBuild diagnostic on the project file naming the item; <c>checkpointgen generate</c> into a
/// message and an exit code. README's "Diagnostics" table documents each code.
/// </summary>
internal sealed record PlanDiagnostic(PlanSeverity Severity, string Code, string Message)
{
    /// <summary>A file the checkpoint needs is missing.</summary>
    public const string NotFound = "CG1001";

    /// <summary>The index (or V1 table) is corrupt or unsupported.</summary>
    public const string Corrupt = "CG1002";

    /// <summary>A stored CRC32C does not match; the message names the tensor.</summary>
    public const string ChecksumMismatch = "CG1003";

    /// <summary>A kept variable's dtype has no stored value (resource, variant).</summary>
    public const string UnsupportedDType = "CG1004";

    /// <summary>An item metadata value is invalid.</summary>
    public const string BadMetadata = "CG1005";

    /// <summary>The graph beside the checkpoint is unreadable (warning).</summary>
    public const string GraphUnreadable = "CG1006";

    /// <summary>Keep=Trainable, but nothing tells which variables are trainable.</summary>
    public const string NoTrainability = "CG1007";

    /// <summary>The filters keep no variable (warning).</summary>
    public const string NothingKept = "CG1008";

    /// <summary>Two items generate the same class.</summary>
    public const string DuplicateClass = "CG1009";

    /// <summary>Names that map to one identifier were told apart by the documented rule (info).</summary>
    public const string NamesResolved = "CG1020";

    /// <summary>The Keras records that name a Keras SavedModel's layers (keras_metadata.pb, or the object graph's JSON) are damaged.</summary>
    public const string KerasMetadataDamaged = "CG1021";

    /// <summary>An Embedded item's weights are large enough to slow every build and load (warning).</summary>
    public const string LargeEmbedded = "CG1033";

    /// <summary>Embedded weights beyond what an assembly can hold.</summary>
    public const string TooLargeToEmbed = "CG1034";

    /// <summary>The worker's request file is unreadable (damaged, hand-edited, or written by another version of the task).</summary>
    public const string UnreadableRequest = "CG1050";

    /// <summary>A bug in CheckpointGen itself, or files of another CheckpointGen version.</summary>
    public const string InternalError = "CG1099";

    public static PlanDiagnostic Error(string code, string message) => new(PlanSeverity.Error, code, message);

    public static PlanDiagnostic Warning(string code, string message) => new(PlanSeverity.Warning, code, message);

    public static PlanDiagnostic Info(string code, string message) => new(PlanSeverity.Info, code, message);
}
