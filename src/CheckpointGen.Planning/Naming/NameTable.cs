using System.Globalization;

namespace CheckpointGen.Planning.Naming;

/// <summary>
/// The names declared in one generated class (members and nested types share one space in C#),
/// handing out unique identifiers: the first claim of a name gets it, later ones get
/// <c>_2</c>, <c>_3</c>… Callers claim in a documented, deterministic order.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <param name="reserved">Names the class already declares or must not hide (its own name, generated members, object's members).</param>
    public NameTable(IEnumerable<string> reserved)
    {
        foreach (var name in reserved)
        {
            _owners[name] = "the generated member " + name;
        }
    }

    /// <summary>Claims <paramref name="desired"/> for <paramref name="owner"/> (a description, for messages).</summary>
    /// <returns>The identifier and, when it had to differ from the one desired, who had it.</returns>
    public (string Identifier, string? TakenBy) Claim(string desired, string owner)
    {
        if (!_owners.TryGetValue(desired, out var takenBy))
        {
            _owners[desired] = owner;
            return (desired, null);
        }
        var n = 2;
        string candidate;
        do
        {
            candidate = desired + "_" + n.ToString(CultureInfo.InvariantCulture);
            n++;
        }
        while (_owners.ContainsKey(candidate));
        _owners[candidate] = owner;
        return (candidate, takenBy);
    }

    /// <summary>
    /// Claims a name the user sees; when it had to differ from <paramref name="desired"/>, adds a
    /// line to <paramref name="notes"/> saying where, for what and what it became.
    /// </summary>
    public string ClaimVisible(string desired, string original, string where, ICollection<string> notes)
    {
        var (identifier, takenBy) = Claim(desired, "'" + original + "'");
        if (takenBy is not null)
        {
            notes.Add($"in {where}, '{original}' maps to '{desired}', which {takenBy} already has; it is generated as '{identifier}'");
        }
        return identifier;
    }

    /// <summary>Whether every one of <paramref name="names"/> is free.</summary>
    public bool AllFree(IEnumerable<string> names) => names.All(n => !_owners.ContainsKey(n));

    /// <summary>Claims names known to be free (see <see cref="AllFree"/>).</summary>
    public void ClaimFree(IEnumerable<string> names, string owner)
    {
        foreach (var name in names)
        {
            _owners.Add(name, owner);
        }
    }
}
