namespace CheckpointGen.Contracts;

/// <summary>
/// One &lt;Checkpoint&gt; item as the MSBuild task hands it to the build worker: where it is, the
/// project it belongs to, and its metadata exactly as written (defaults and validation are the
/// planner's, so every consumer of the planner decides alike).
/// </summary>
/// <param name="ItemSpec">The item's Include, as written; diagnostics name the item by it.</param>
/// <param name="FullPath">The item's full path.</param>
/// <param name="ProjectFile">The project file declaring the item; diagnostics about the item point at it.</param>
/// <param name="ProjectDirectory">The project's folder: Lazy-mode files keep their path relative to it.</param>
/// <param name="OutputDirectory">Where the worker writes the plan and the packed weights.</param>
/// <param name="RootNamespace">The namespace of items that set none.</param>
/// <param name="Metadata">The item's metadata values, raw.</param>
internal sealed record BuildRequest(
    string ItemSpec,
    string FullPath,
    string ProjectFile,
    string ProjectDirectory,
    string OutputDirectory,
    string RootNamespace,
    ItemMetadata Metadata);

/// <summary>The &lt;Checkpoint&gt; metadata the planner reads, as written by the user (empty when unset).</summary>
internal sealed record ItemMetadata(
    string ClassName = "",
    string Namespace = "",
    string Access = "",
    string Mode = "",
    string Keep = "",
    string IncludeVariables = "",
    string ExcludeVariables = "",
    string Rename = "",
    string CopyToOutput = "",
    string Outputs = "",
    string Inputs = "")
{
    /// <summary>The metadata names as MSBuild users write them, in the order the request lists them.</summary>
    public static readonly string[] Names = { "ClassName", "Namespace", "Access", "Mode", "Keep", "IncludeVariables", "ExcludeVariables", "Rename", "CopyToOutput", "Outputs", "Inputs" };

    /// <summary>The values in the order of <see cref="Names"/>.</summary>
    public string[] Values() => new[] { ClassName, Namespace, Access, Mode, Keep, IncludeVariables, ExcludeVariables, Rename, CopyToOutput, Outputs, Inputs };

    /// <summary>Builds metadata from values in the order of <see cref="Names"/>.</summary>
    public static ItemMetadata FromValues(IReadOnlyList<string> v) => new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
}
