using System.Xml.Linq;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A consumer's project file as a user would write it: an SDK project with the CheckpointGen
/// PackageReference and &lt;Checkpoint&gt; items, nullable enabled and warnings as errors.
/// </summary>
internal sealed record ProjectSpec(IReadOnlyList<CheckpointItem> Checkpoints)
{
    public string OutputType { get; init; } = "Exe";

    public string RootNamespace { get; init; } = ConsumerProject.DefaultNamespace;

    /// <summary>False for a project that gets CheckpointGen only through a project reference.</summary>
    public bool ReferencesPackage { get; init; } = true;

    /// <summary>
    /// Whether the project also references CheckpointGen.Runtime, the full reader: Lazy mode and
    /// <c>Open(path)</c> need it; the CheckpointGen package alone brings only the accessors.
    /// </summary>
    public bool ReferencesFullRuntime { get; init; } = true;

    /// <summary>Other projects, relative to this one's folder.</summary>
    public IReadOnlyList<string> ProjectReferences { get; init; } = Array.Empty<string>();

    /// <summary>Properties on top of the defaults (or overriding them).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public string ToXml(string packageVersion, string targetFramework = "net10.0")
    {
        var properties = new Dictionary<string, string>
        {
            ["OutputType"] = OutputType,
            ["TargetFramework"] = targetFramework,
            ["RootNamespace"] = RootNamespace,
            ["Nullable"] = "enable",
            ["ImplicitUsings"] = "enable",
            ["TreatWarningsAsErrors"] = "true",
        };
        foreach (var (name, value) in Properties)
        {
            properties[name] = value;
        }
        var items = new XElement("ItemGroup");
        if (ReferencesPackage)
        {
            items.Add(new XElement("PackageReference", new XAttribute("Include", "CheckpointGen"), new XAttribute("Version", packageVersion)));
            if (ReferencesFullRuntime)
            {
                items.Add(new XElement("PackageReference", new XAttribute("Include", "CheckpointGen.Runtime"), new XAttribute("Version", packageVersion)));
            }
        }
        items.Add(ProjectReferences.Select(p => new XElement("ProjectReference", new XAttribute("Include", p))));
        items.Add(Checkpoints.Select(c => c.ToXml()));
        var project = new XElement("Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup", properties.Select(p => new XElement(p.Key, p.Value))),
            items);
        return project.ToString() + "\n";
    }
}
