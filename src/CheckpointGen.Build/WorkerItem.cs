using CheckpointGen.Contracts;

namespace CheckpointGen.Build;

/// <summary>One &lt;Checkpoint&gt; item with its metadata, as the worker runs it.</summary>
internal sealed record WorkerItem(
    string ItemSpec,
    string FullPath,
    string ClassName,
    string Namespace,
    string Access,
    string Mode,
    string Keep,
    string IncludeVariables,
    string ExcludeVariables,
    bool CopyToOutput,
    string ProjectDirectory,
    string OutputDirectory)
{
    public static WorkerItem From(BuildRequest r) => new(
        r.ItemSpec, r.FullPath, r.Metadata.ClassName, r.Metadata.Namespace.Length > 0 ? r.Metadata.Namespace : r.RootNamespace,
        r.Metadata.Access.Length > 0 ? r.Metadata.Access : "public", r.Metadata.Mode.Length > 0 ? r.Metadata.Mode : "Embedded",
        r.Metadata.Keep.Length > 0 ? r.Metadata.Keep : "Model", r.Metadata.IncludeVariables, r.Metadata.ExcludeVariables,
        !string.Equals(r.Metadata.CopyToOutput, "false", StringComparison.OrdinalIgnoreCase), r.ProjectDirectory, r.OutputDirectory);
}
