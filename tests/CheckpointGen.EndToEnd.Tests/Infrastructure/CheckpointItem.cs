using System.Xml.Linq;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A &lt;Checkpoint&gt; item of a consumer project; metadata left null keeps the package's default.
/// <see cref="ClassName"/> is the generated class the program uses: written as metadata unless
/// <see cref="DefaultClassName"/> says the package derives that name itself.
/// </summary>
internal sealed record CheckpointItem(string Path, string ClassName)
{
    public bool DefaultClassName { get; init; }

    public string? Namespace { get; init; }

    public string? Mode { get; init; }

    public string? Keep { get; init; }

    public string? Access { get; init; }

    public string? CopyToOutput { get; init; }

    /// <summary>Variable name globs: item metadata written as a child element, as users must (an attribute named Include is the item's own).</summary>
    public string? Include { get; init; }

    public string? Exclude { get; init; }

    public bool IsLazy => string.Equals(Mode, "Lazy", StringComparison.OrdinalIgnoreCase);

    public XElement ToXml()
    {
        var item = new XElement("Checkpoint", new XAttribute("Include", Path));
        var metadata = new[]
        {
            ("ClassName", DefaultClassName ? null : ClassName), ("Namespace", Namespace), ("Mode", Mode), ("Keep", Keep), ("Access", Access), ("CopyToOutput", CopyToOutput),
        };
        foreach (var (name, value) in metadata)
        {
            if (value is not null)
            {
                item.Add(new XAttribute(name, value));
            }
        }
        foreach (var (name, value) in new[] { ("Include", Include), ("Exclude", Exclude) })
        {
            if (value is not null)
            {
                item.Add(new XElement(name, value));
            }
        }
        return item;
    }
}
