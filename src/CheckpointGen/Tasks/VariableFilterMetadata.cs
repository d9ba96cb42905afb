using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// The variable name filters of a &lt;Checkpoint&gt; item: <c>IncludeVariables</c> and
/// <c>ExcludeVariables</c>. Their first names, <c>Include</c> and <c>Exclude</c>, are MSBuild's
/// own item attributes: written as child elements they are metadata and still work (with a
/// warning to rename them), but written as attributes MSBuild takes <c>Exclude</c> as a file
/// exclude and drops the filter before any task sees it, so the project file itself is checked
/// for that form.
/// </summary>
internal static class VariableFilterMetadata
{
    public const string IncludeName = "IncludeVariables";

    public const string ExcludeName = "ExcludeVariables";

    /// <summary>The item's include filter, from <c>IncludeVariables</c> or (warned) its old name.</summary>
    public static string Include(ITaskItem item, TaskLoggingHelper log, string projectFile) => Read(item, IncludeName, "Include", log, projectFile);

    /// <summary>The item's exclude filter, from <c>ExcludeVariables</c> or (warned) its old name.</summary>
    public static string Exclude(ITaskItem item, TaskLoggingHelper log, string projectFile) => Read(item, ExcludeName, "Exclude", log, projectFile);

    /// <summary>
    /// Errors for every &lt;Checkpoint&gt; element of the project file with an <c>Exclude</c>
    /// attribute, at its line: the filter it was meant to be is already lost.
    /// </summary>
    public static void CheckAttributes(string projectFile, TaskLoggingHelper log)
    {
        XDocument project;
        try
        {
            project = XDocument.Load(projectFile, LoadOptions.SetLineInfo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            // MSBuild has read the project already; what it cannot be read again for is no filter problem.
            return;
        }
        foreach (var element in project.Descendants().Where(e => e.Name.LocalName == "Checkpoint"))
        {
            if (element.Attribute("Exclude") is not { } exclude)
            {
                continue;
            }
            var line = (IXmlLineInfo)exclude;
            log.LogError(null, Diagnostics.ExcludeAttribute, null, projectFile, line.LineNumber, line.LinePosition, 0, 0,
                "Exclude=\"{0}\" on <Checkpoint Include=\"{1}\"> is MSBuild's own attribute: it excludes files from the item and filters no variable. Write {2}=\"{0}\" to filter variables.",
                exclude.Value, (string?)element.Attribute("Include") ?? string.Empty, ExcludeName);
        }
    }

    private static string Read(ITaskItem item, string name, string oldName, TaskLoggingHelper log, string projectFile)
    {
        var value = item.GetMetadata(name);
        var old = item.GetMetadata(oldName);
        if (old.Length == 0)
        {
            return value;
        }
        log.LogWarning(null, Diagnostics.OldFilterName, null, projectFile, 0, 0, 0, 0,
            "<Checkpoint Include=\"{0}\">: the <{1}> metadata is now {2}; rename it ({1} is also MSBuild's own item attribute, which as an attribute filters files, not variables).",
            item.ItemSpec, oldName, name);
        return value.Length == 0 ? old : value + ";" + old;
    }
}
