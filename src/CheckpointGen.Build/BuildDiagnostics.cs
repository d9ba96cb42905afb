namespace CheckpointGen.Build;

/// <summary>
/// The build's diagnostic codes (README "Diagnostics" documents each), printed in MSBuild's
/// canonical form so the task turns them into real errors and warnings with a file.
/// </summary>
internal static class BuildDiagnostics
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

    /// <summary>An Embedded item's weights are large enough to slow every build and load (warning).</summary>
    public const string LargeEmbedded = "CG1023";

    /// <summary>Embedded weights beyond what an assembly can hold.</summary>
    public const string TooLargeToEmbed = "CG1024";

    /// <summary>A bug in CheckpointGen itself.</summary>
    public const string InternalError = "CG1099";

    public static void Error(TextWriter output, string origin, string code, string message) => Write(output, origin, "error", code, message);

    public static void Warning(TextWriter output, string origin, string code, string message) => Write(output, origin, "warning", code, message);

    private static void Write(TextWriter output, string origin, string severity, string code, string message) =>
        output.WriteLine($"{origin} : {severity} {code}: {message.Replace('\n', ' ').Replace('\r', ' ')}");
}
