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

    /// <summary>Variable name globs.</summary>
    public string? IncludeVariables { get; init; }

    public string? ExcludeVariables { get; init; }

    /// <summary>Tensors to compute: the item gets a generated <c>Predict</c> method.</summary>
    public string? Outputs { get; init; }

    /// <summary>Metadata written as child elements, by name: how the filters' old names Include and Exclude work.</summary>
    public IReadOnlyDictionary<string, string> ChildElements { get; init; } = new Dictionary<string, string>();

    /// <summary>Attributes written as they are, whatever MSBuild makes of them (Exclude: a file exclude).</summary>
    public IReadOnlyDictionary<string, string> RawAttributes { get; init; } = new Dictionary<string, string>();

    public bool IsLazy => string.Equals(Mode, "Lazy", StringComparison.OrdinalIgnoreCase);

    public XElement ToXml()
    {
        var item = new XElement("Checkpoint", new XAttribute("Include", Path));
        var metadata = new[]
        {
            ("ClassName", DefaultClassName ? null : ClassName), ("Namespace", Namespace), ("Mode", Mode), ("Keep", Keep), ("Access", Access), ("CopyToOutput", CopyToOutput),
            ("IncludeVariables", IncludeVariables), ("ExcludeVariables", ExcludeVariables), ("Outputs", Outputs),
        };
        foreach (var (name, value) in metadata.Where(m => m.Item2 is not null).Concat(RawAttributes.Select(a => (a.Key, (string?)a.Value))))
        {
            item.Add(new XAttribute(name, value!));
        }
        item.Add(ChildElements.Select(e => new XElement(e.Key, e.Value)));
        return item;
    }
}
