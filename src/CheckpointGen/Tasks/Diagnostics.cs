namespace CheckpointGen.Tasks;

/// <summary>The codes of the diagnostics the tasks themselves report (README "Diagnostics" documents each).</summary>
internal static class Diagnostics
{
    /// <summary>The package's build worker is missing.</summary>
    public const string WorkerMissing = "CG1000";

    /// <summary>No dotnet host to run the worker with.</summary>
    public const string NoDotnetHost = "CG1030";

    /// <summary>An item uses the old metadata names Include/Exclude for variable filters (warning).</summary>
    public const string OldFilterName = "CG1031";

    /// <summary>An item has an Exclude attribute, which MSBuild takes as a file exclude.</summary>
    public const string ExcludeAttribute = "CG1032";
}
