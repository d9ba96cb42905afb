using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Naming;
using CheckpointGen.Planning.Selection;

namespace CheckpointGen.Planning.Items;

/// <summary>
/// A &lt;Checkpoint&gt; item's metadata, defaults applied, validated and canonical. Values are
/// case-insensitive as MSBuild users expect; this is the only place that decides defaults and
/// spellings.
/// </summary>
internal sealed record ItemSettings(
    string ClassName,
    string Namespace,
    string Access,
    string Mode,
    KeepPolicy Keep,
    string Include,
    string Exclude,
    IReadOnlyDictionary<string, string> Renames,
    bool CopyToOutput)
{
    public const string Public = "public";
    public const string Internal = "internal";

    public bool IsEmbedded => Mode == CheckpointPlan.EmbeddedMode;

    public string FullClassName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;

    /// <summary>The settings of <paramref name="request"/>, or null with every problem added to <paramref name="problems"/>.</summary>
    public static ItemSettings? Resolve(BuildRequest request, ICollection<PlanDiagnostic> problems)
    {
        var m = request.Metadata;
        var errors = new List<string>();
        var className = m.ClassName.Trim().Length > 0 ? m.ClassName.Trim() : DefaultClassName.For(request.ItemSpec);
        if (CSharpIdentifier.TypeNameProblem(className) is { } classProblem)
        {
            errors.Add($"ClassName=\"{className}\" {classProblem}");
        }
        else if (CSharpIdentifier.IsReservedLowerCase(className))
        {
            errors.Add($"ClassName=\"{className}\" is all lower-case ASCII letters, which C# warns may become a keyword (CS8981); capitalize it");
        }
        var ns = m.Namespace.Trim().Length > 0 ? m.Namespace.Trim() : request.RootNamespace.Trim();
        if (ns.Length > 0 && ns.Split('.').Select(CSharpIdentifier.TypeNameProblem).FirstOrDefault(p => p is not null) is { } nsProblem)
        {
            var part = ns.Split('.').First(p => CSharpIdentifier.TypeNameProblem(p) is not null);
            errors.Add($"Namespace=\"{ns}\" is not a C# namespace: its part '{part}' {nsProblem}");
        }
        var access = Choose(m.Access, Public, "Access", errors, Public, Internal);
        var mode = Choose(m.Mode, CheckpointPlan.EmbeddedMode, "Mode", errors, CheckpointPlan.EmbeddedMode, CheckpointPlan.LazyMode);
        var keep = Choose(m.Keep, nameof(KeepPolicy.Model), "Keep", errors, Enum.GetNames<KeepPolicy>());
        var copy = Choose(m.CopyToOutput, "true", "CopyToOutput", errors, "true", "false");
        var renames = ParseRenames(m.Rename, errors);
        foreach (var error in errors)
        {
            problems.Add(PlanDiagnostic.Error(PlanDiagnostic.BadMetadata, error));
        }
        return errors.Count > 0
            ? null
            : new ItemSettings(className, ns, access, mode, Enum.Parse<KeepPolicy>(keep), m.Include, m.Exclude, renames, copy == "true");
    }

    private static string Choose(string value, string fallback, string name, List<string> errors, params string[] allowed)
    {
        if (value.Trim().Length == 0)
        {
            return fallback;
        }
        var match = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors.Add($"{name}=\"{value}\" must be {string.Join(", ", allowed.Take(allowed.Length - 1))} or {allowed[allowed.Length - 1]}");
        }
        return match ?? fallback;
    }

    /// <summary><c>Rename="dense/kernel=Weights;dense/=Layer"</c>: a variable (or a scope, ending in <c>/</c>), then the identifier it gets.</summary>
    private static Dictionary<string, string> ParseRenames(string text, List<string> errors)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';').Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var eq = entry.LastIndexOf('=');
            var name = eq > 0 ? entry.Substring(0, eq).Trim() : string.Empty;
            var identifier = eq > 0 ? entry.Substring(eq + 1).Trim() : string.Empty;
            if (name.Length == 0 || !CSharpIdentifier.IsValid(identifier))
            {
                errors.Add($"Rename entry \"{entry}\" must be NAME=Identifier, with a C# identifier that is not a keyword after the '='");
            }
            else if (identifier.Contains(Layout.ClassLayout.ScopeClassSuffix))
            {
                errors.Add($"Rename entry \"{entry}\": '{Layout.ClassLayout.ScopeClassSuffix}' is reserved for the generated scope types");
            }
            else if (!renames.TryAdd(name, identifier))
            {
                errors.Add($"Rename names '{name}' twice");
            }
        }
        return renames;
    }
}
