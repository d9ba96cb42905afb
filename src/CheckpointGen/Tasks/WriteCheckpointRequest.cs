using System.Text;
using Microsoft.Build.Framework;

namespace CheckpointGen.Tasks;

/// <summary>
/// Writes the worker's request: one block of <c>key=value</c> lines per &lt;Checkpoint&gt; item.
/// The file is rewritten only when its content changes, so its timestamp tells the next build
/// whether any item or metadata value changed.
/// </summary>
public sealed class WriteCheckpointRequest : Microsoft.Build.Utilities.Task
{
    private static readonly string[] Metadata = { "ClassName", "Namespace", "Access", "Mode", "Keep", "CopyToOutput" };

    /// <summary>The &lt;Checkpoint&gt; items.</summary>
    [Required]
    public ITaskItem[] Checkpoints { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The namespace for items that set none (<c>$(RootNamespace)</c>).</summary>
    public string DefaultNamespace { get; set; } = string.Empty;

    /// <summary>The project's folder: Lazy-mode files keep their path relative to it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The project file (<c>$(MSBuildProjectFullPath)</c>): where diagnostics about an item point.</summary>
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>Where the worker writes manifests and weights.</summary>
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
        var sb = new StringBuilder();
        foreach (var item in Checkpoints)
        {
            Append(sb, "ItemSpec", item.ItemSpec);
            Append(sb, "FullPath", item.GetMetadata("FullPath"));
            foreach (var name in Metadata)
            {
                var value = item.GetMetadata(name);
                Append(sb, name, name == "Namespace" && value.Length == 0 ? DefaultNamespace : value);
            }
            Append(sb, "IncludeVariables", VariableFilterMetadata.Include(item, Log, ProjectFile));
            Append(sb, "ExcludeVariables", VariableFilterMetadata.Exclude(item, Log, ProjectFile));
            Append(sb, "ProjectFile", ProjectFile);
            Append(sb, "ProjectDirectory", Path.GetFullPath(ProjectDirectory));
            Append(sb, "OutputDirectory", Path.GetFullPath(OutputDirectory));
            sb.Append("--\n");
        }
        var text = sb.ToString();
        if (File.Exists(RequestFile) && File.ReadAllText(RequestFile) == text)
        {
            return true;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(RequestFile))!);
        File.WriteAllText(RequestFile, text, new UTF8Encoding(false));
        return true;
    }

    private static void Append(StringBuilder sb, string key, string value) =>
        sb.Append(key).Append('=').Append(value.Replace('\r', ' ').Replace('\n', ' ')).Append('\n');
}
