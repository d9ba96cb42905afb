using CheckpointGen.Contracts;
using Microsoft.Build.Framework;

namespace CheckpointGen.Tasks;

/// <summary>
/// Writes the worker's request (<see cref="BuildRequestFormat"/>): each &lt;Checkpoint&gt; item with
/// its metadata as written; defaults and validation are the worker's. The file is rewritten only
/// when its content changes, so its timestamp tells the next build whether any item or metadata
/// value changed.
/// </summary>
public sealed class WriteCheckpointRequest : Microsoft.Build.Utilities.Task
{
    /// <summary>The &lt;Checkpoint&gt; items.</summary>
    [Required]
    public ITaskItem[] Checkpoints { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The namespace for items that set none (<c>$(RootNamespace)</c>).</summary>
    public string DefaultNamespace { get; set; } = string.Empty;

    /// <summary>The project file (<c>$(MSBuildProjectFullPath)</c>): diagnostics about an item point at it.</summary>
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>The project's folder: Lazy-mode files keep their path relative to it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where the worker writes plans and weights.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>The request file.</summary>
    [Required]
    public string RequestFile { get; set; } = string.Empty;

    /// <inheritdoc/>
    public override bool Execute()
    {
        VariableFilterMetadata.CheckAttributes(ProjectFile, Log);
        if (Log.HasLoggedErrors)
        {
            return false;
        }
        var requests = Checkpoints.Select(item => new BuildRequest(
            item.ItemSpec,
            item.GetMetadata("FullPath"),
            Path.GetFullPath(ProjectFile),
            Path.GetFullPath(ProjectDirectory),
            Path.GetFullPath(OutputDirectory),
            DefaultNamespace,
            ItemMetadata.FromValues(ItemMetadata.Names.Select(name => Metadata(item, name)).ToArray())));
        AtomicFile.WriteText(RequestFile, BuildRequestFormat.Write(requests));
        return true;
    }

    private string Metadata(ITaskItem item, string name) => name switch
    {
        VariableFilterMetadata.IncludeName => VariableFilterMetadata.Include(item, Log, ProjectFile),
        VariableFilterMetadata.ExcludeName => VariableFilterMetadata.Exclude(item, Log, ProjectFile),
        _ => item.GetMetadata(name),
    };
}
