using System.Security.Cryptography;
using System.Text;
using CheckpointGen.Contracts;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// Writes one request per &lt;Checkpoint&gt; item (<see cref="BuildRequestFormat"/>), each in the
/// item's own folder (<see cref="ItemLayout"/>), with its metadata as written; defaults and
/// validation are the worker's. A request is rewritten only when its content changes, so its
/// timestamp tells the next build whether that item's metadata changed, and only that item is
/// planned again. Folders of items no longer in the project are deleted.
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

    /// <summary>The folder that holds one folder per item.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>An IDE's design-time build: <c>OutputIndex</c> names the design-time index.</summary>
    public bool DesignTime { get; set; }

    /// <summary>
    /// One item per &lt;Checkpoint&gt;: the request file, with metadata <c>CheckpointGenRequest</c>
    /// (the request file again, which the targets batch on), <c>OutputIndex</c> (this build's
    /// index) and <c>FullOutputIndex</c>/<c>DesignTimeOutputIndex</c> (both, for FileWrites).
    /// </summary>
    [Output]
    public ITaskItem[] Requests { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        VariableFilterMetadata.CheckAttributes(ProjectFile, Log);
        if (Log.HasLoggedErrors)
        {
            return false;
        }
        var root = Path.GetFullPath(OutputDirectory);
        var requests = new Dictionary<string, ITaskItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Checkpoints)
        {
            var folder = Path.Combine(root, FolderName(item));
            if (requests.ContainsKey(folder))
            {
                Log.LogError(null, "CG1009", null, ProjectFile, 0, 0, 0, 0,
                    "<Checkpoint Include=\"{0}\"> is in the project twice with the same ClassName and Namespace; remove one, or set ClassName to tell them apart.", item.ItemSpec);
                continue;
            }
            var request = new BuildRequest(
                item.ItemSpec,
                item.GetMetadata("FullPath"),
                Path.GetFullPath(ProjectFile),
                Path.GetFullPath(ProjectDirectory),
                folder + Path.DirectorySeparatorChar,
                DefaultNamespace,
                ItemMetadata.FromValues(ItemMetadata.Names.Select(name => Metadata(item, name)).ToArray()));
            var requestFile = Path.Combine(folder, ItemLayout.RequestFileName);
            AtomicFile.WriteText(requestFile, BuildRequestFormat.Write(new[] { request }));
            requests[folder] = RequestItem(requestFile);
        }
        DeleteFoldersOfRemovedItems(root, requests.Keys);
        Requests = requests.Values.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// The item's folder: its file or folder name, readable in obj/, and a hash of what tells
    /// items apart (path, ClassName, Namespace), so that two items never share a folder.
    /// </summary>
    private static string FolderName(ITaskItem item)
    {
        var fullPath = item.GetMetadata("FullPath").TrimEnd('/', '\\');
        var identity = string.Join("\n", fullPath, item.GetMetadata("ClassName"), item.GetMetadata("Namespace"));
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(identity));
        var name = new string(Path.GetFileName(fullPath).Select(c => c < 128 && (char.IsLetterOrDigit(c) || c is '.' or '-' or '_') ? c : '_').Take(40).ToArray());
        return $"{name}-{BitConverter.ToString(hash, 0, 4).Replace("-", string.Empty).ToLowerInvariant()}";
    }

    private TaskItem RequestItem(string requestFile)
    {
        var item = new TaskItem(requestFile);
        var full = ItemLayout.OutputIndexFor(requestFile, designTime: false);
        var designTime = ItemLayout.OutputIndexFor(requestFile, designTime: true);
        item.SetMetadata("CheckpointGenRequest", requestFile);
        item.SetMetadata("OutputIndex", DesignTime ? designTime : full);
        item.SetMetadata("FullOutputIndex", full);
        item.SetMetadata("DesignTimeOutputIndex", designTime);
        return item;
    }

    /// <summary>Only folders holding a request are ours: the output folder may be one the user chose.</summary>
    private static void DeleteFoldersOfRemovedItems(string root, IEnumerable<string> current)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        var keep = new HashSet<string>(current, StringComparer.OrdinalIgnoreCase);
        foreach (var folder in Directory.GetDirectories(root))
        {
            if (!keep.Contains(folder) && File.Exists(Path.Combine(folder, ItemLayout.RequestFileName)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private string Metadata(ITaskItem item, string name) => name switch
    {
        VariableFilterMetadata.IncludeName => VariableFilterMetadata.Include(item, Log, ProjectFile),
        VariableFilterMetadata.ExcludeName => VariableFilterMetadata.Exclude(item, Log, ProjectFile),
        _ => item.GetMetadata(name),
    };
}
