using CheckpointGen.Contracts;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// Reads the worker's output indexes (<see cref="OutputIndex"/>, one per item) into items. Runs
/// on every build, including no-op builds in which the worker is skipped, because the items it
/// makes (AdditionalFiles, EmbeddedResource, files to copy) live only in memory.
/// </summary>
public sealed class ReadCheckpointOutputs : Microsoft.Build.Utilities.Task
{
    /// <summary>The indexes the worker wrote; a missing file yields no items. Their <c>CheckpointGenRequest</c> metadata goes on to <see cref="Inputs"/>.</summary>
    [Required]
    public ITaskItem[] OutputIndexes { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// Reading the last build's indexes for their inputs: one that cannot be read (another
    /// version's, or damaged) is deleted, so that its item counts as out of date and is planned again.
    /// </summary>
    public bool Previous { get; set; }

    /// <summary>Plans for the generator (AdditionalFiles marked <c>CheckpointGenManifest</c>).</summary>
    [Output]
    public ITaskItem[] Manifests { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Packed weights, with <c>LogicalName</c> metadata.</summary>
    [Output]
    public ITaskItem[] Resources { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Lazy-mode checkpoint files, with <c>TargetPath</c> metadata (relative to the output folder).</summary>
    [Output]
    public ITaskItem[] CopyFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every file the worker read, for the Inputs of the next build, with the <c>CheckpointGenRequest</c> of its item.</summary>
    [Output]
    public ITaskItem[] Inputs { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        var manifests = new List<ITaskItem>();
        var resources = new List<ITaskItem>();
        var copies = new List<ITaskItem>();
        var inputs = new List<ITaskItem>();
        foreach (var file in OutputIndexes.Where(i => File.Exists(i.ItemSpec)))
        {
            if (Read(file.ItemSpec) is not { } index)
            {
                continue;
            }
            manifests.AddRange(index.Plans.Select(p => (ITaskItem)new TaskItem(p)));
            resources.AddRange(index.Resources.Select(r => Item(r.Path, "LogicalName", r.LogicalName)));
            copies.AddRange(index.Copies.Select(c => Item(c.Source, "TargetPath", c.TargetPath)));
            inputs.AddRange(index.Inputs.Select(i => Item(i, "CheckpointGenRequest", file.GetMetadata("CheckpointGenRequest"))));
        }
        Manifests = manifests.ToArray();
        Resources = resources.ToArray();
        CopyFiles = copies.ToArray();
        Inputs = inputs.ToArray();
        return !Log.HasLoggedErrors;
    }

    private OutputIndex? Read(string path)
    {
        try
        {
            return OutputIndex.Read(File.ReadAllText(path), path);
        }
        catch (ContractFormatException e) when (Previous)
        {
            Log.LogMessage(MessageImportance.Normal, "CheckpointGen: {0}({1}) is unreadable ({2}); its item is planned again.", e.File, e.Line, e.Reason);
            File.Delete(path);
        }
        catch (ContractFormatException e)
        {
            // Written by this build's worker just now: a bug, or a file changed under the build.
            Log.LogError(null, "CG1099", null, e.File, e.Line, 0, 0, 0, $"The CheckpointGen output index is unreadable: {e.Reason}. Rebuild; if it persists, please report it.");
        }
        return null;
    }

    private static ITaskItem Item(string spec, string metadata, string value)
    {
        var item = new TaskItem(spec);
        item.SetMetadata(metadata, value);
        return item;
    }
}
