using CheckpointGen.Contracts;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// Reads the worker's output index (<see cref="OutputIndex"/>) into items. Runs on every build,
/// including no-op builds in which the worker is skipped, because the items it makes
/// (AdditionalFiles, EmbeddedResource, files to copy) live only in memory.
/// </summary>
public sealed class ReadCheckpointOutputs : Microsoft.Build.Utilities.Task
{
    /// <summary>The index the worker wrote; a missing file yields no items.</summary>
    [Required]
    public string OutputIndexFile { get; set; } = string.Empty;

    /// <summary>Plans for the generator (AdditionalFiles marked <c>CheckpointGenManifest</c>).</summary>
    [Output]
    public ITaskItem[] Manifests { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Packed weights, with <c>LogicalName</c> metadata.</summary>
    [Output]
    public ITaskItem[] Resources { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Lazy-mode checkpoint files, with <c>TargetPath</c> metadata (relative to the output folder).</summary>
    [Output]
    public ITaskItem[] CopyFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every file the worker read, for the Inputs of the next build.</summary>
    [Output]
    public ITaskItem[] Inputs { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        if (!File.Exists(OutputIndexFile))
        {
            return true;
        }
        OutputIndex index;
        try
        {
            index = OutputIndex.Read(File.ReadAllText(OutputIndexFile), OutputIndexFile);
        }
        catch (ContractFormatException e)
        {
            // Written by another version of the worker, or damaged: rebuilding rewrites it.
            Log.LogError(null, "CG1099", null, e.File, e.Line, 0, 0, 0, $"The CheckpointGen output index is unreadable: {e.Reason}. Delete it, or rebuild.");
            return false;
        }
        Manifests = index.Plans.Select(p => (ITaskItem)new TaskItem(p)).ToArray();
        Resources = index.Resources.Select(r => Item(r.Path, "LogicalName", r.LogicalName)).ToArray();
        CopyFiles = index.Copies.Select(c => Item(c.Source, "TargetPath", c.TargetPath)).ToArray();
        Inputs = index.Inputs.Select(i => (ITaskItem)new TaskItem(i)).ToArray();
        return true;
    }

    private static ITaskItem Item(string spec, string metadata, string value)
    {
        var item = new TaskItem(spec);
        item.SetMetadata(metadata, value);
        return item;
    }
}
