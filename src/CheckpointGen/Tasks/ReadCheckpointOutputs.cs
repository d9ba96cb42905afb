using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// Reads the worker's output index into items. Runs on every build, including no-op builds in
/// which the worker is skipped, because the items it makes (AdditionalFiles, EmbeddedResource,
/// files to copy) live only in memory.
/// </summary>
public sealed class ReadCheckpointOutputs : Microsoft.Build.Utilities.Task
{
    /// <summary>The index the worker wrote; a missing file yields no items.</summary>
    [Required]
    public string OutputIndexFile { get; set; } = string.Empty;

    /// <summary>Manifests for the generator.</summary>
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
        var manifests = new List<ITaskItem>();
        var resources = new List<ITaskItem>();
        var copies = new List<ITaskItem>();
        var inputs = new List<ITaskItem>();
        foreach (var line in File.ReadAllLines(OutputIndexFile))
        {
            var parts = line.Split('\t');
            switch (parts[0])
            {
                case "manifest" when parts.Length == 2:
                    manifests.Add(new TaskItem(parts[1]));
                    break;
                case "resource" when parts.Length == 3:
                    resources.Add(Item(parts[1], "LogicalName", parts[2]));
                    break;
                case "copy" when parts.Length == 3:
                    copies.Add(Item(parts[1], "TargetPath", parts[2]));
                    break;
                case "input" when parts.Length == 2:
                    inputs.Add(new TaskItem(parts[1]));
                    break;
            }
        }
        Manifests = manifests.ToArray();
        Resources = resources.ToArray();
        CopyFiles = copies.ToArray();
        Inputs = inputs.ToArray();
        return true;
    }

    private static TaskItem Item(string spec, string metadata, string value)
    {
        var item = new TaskItem(spec);
        item.SetMetadata(metadata, value);
        return item;
    }
}
