namespace CheckpointGen.Build;

/// <summary>One &lt;Checkpoint&gt; item as the targets pass it: the path and its metadata, defaults applied.</summary>
internal sealed record BuildRequest(
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
    /// <summary>
    /// Reads the request file the targets write: one item per block of <c>key=value</c> lines,
    /// blocks separated by a line <c>--</c>. Values cannot contain newlines (MSBuild metadata cannot).
    /// </summary>
    public static IReadOnlyList<BuildRequest> ReadAll(string path)
    {
        var requests = new List<BuildRequest>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in File.ReadAllLines(path).Append("--"))
        {
            if (raw == "--")
            {
                if (fields.Count > 0)
                {
                    requests.Add(FromFields(fields));
                    fields.Clear();
                }
                continue;
            }
            var eq = raw.IndexOf('=');
            if (eq > 0)
            {
                fields[raw.Substring(0, eq).Trim()] = raw.Substring(eq + 1).Trim();
            }
        }
        return requests;
    }

    private static BuildRequest FromFields(Dictionary<string, string> f)
    {
        string Get(string key) => f.TryGetValue(key, out var v) ? v : string.Empty;
        return new BuildRequest(
            Get("ItemSpec"), Get("FullPath"), Get("ClassName"), Get("Namespace"), Get("Access"), Get("Mode"), Get("Keep"),
            Get("IncludeVariables"), Get("ExcludeVariables"), !string.Equals(Get("CopyToOutput"), "false", StringComparison.OrdinalIgnoreCase),
            Get("ProjectDirectory"), Get("OutputDirectory"));
    }
}
