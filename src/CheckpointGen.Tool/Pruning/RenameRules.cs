using CheckpointGen.Runtime;
using CheckpointGen.Tool.Commands;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// <c>--rename OLD=NEW</c>: a variable's new key, like the names of a <c>tf.train.Saver</c>
/// var_list dict. <c>OLD</c> is a stored key or a real variable name; an <c>OLD</c> ending in
/// <c>/</c> renames a scope, replacing that prefix of every key under it (<c>old/=new/</c>).
/// Exact renames win over scope renames, and the longest scope wins among those.
/// </summary>
internal sealed class RenameRules
{
    private readonly Dictionary<string, string> _exact;
    private readonly (string From, string To)[] _prefixes;

    private RenameRules(Dictionary<string, string> exact, (string From, string To)[] prefixes)
    {
        _exact = exact;
        _prefixes = prefixes;
    }

    /// <exception cref="CommandFailedException">A rule is malformed or given twice.</exception>
    public static RenameRules Parse(IEnumerable<string> specs)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=');
            var from = eq < 0 ? string.Empty : spec.Substring(0, eq);
            var to = eq < 0 ? string.Empty : spec.Substring(eq + 1);
            var isScope = from.EndsWith('/');
            if (from.Length == 0 || (to.Length == 0 && !isScope))
            {
                throw Usage($"--rename '{spec}' is not OLD=NEW (or old/scope/=new/scope/)");
            }
            if (isScope && to.Length > 0 && !to.EndsWith('/'))
            {
                throw Usage($"--rename '{spec}' renames the scope '{from}', so the new scope must end with '/' too");
            }
            if (!(isScope ? prefixes : exact).TryAdd(from, to))
            {
                throw Usage($"--rename gives '{from}' twice");
            }
        }
        return new RenameRules(exact, prefixes.OrderByDescending(p => p.Key.Length).Select(p => (p.Key, p.Value)).ToArray());
    }

    /// <summary>
    /// The key each kept variable gets, in the order given.
    /// </summary>
    /// <exception cref="CommandFailedException">A rule renames none of them, or two end up with one name.</exception>
    public IReadOnlyList<string> Apply(IReadOnlyList<CheckpointVariable> kept)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = kept.Select(v => NewName(v, used)).ToList();
        var unused = _exact.Keys.Concat(_prefixes.Select(p => p.From)).Where(r => !used.Contains(r)).ToList();
        if (unused.Count > 0)
        {
            var suggestion = NameSuggester.Closest(unused[0], kept.Select(v => v.Name));
            throw Usage($"--rename '{unused[0]}' matches no variable that is kept" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
        }
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < kept.Count; i++)
        {
            if (names[i].Length == 0)
            {
                throw Usage($"--rename would leave '{kept[i].Name}' without a name");
            }
            if (!owners.TryAdd(names[i], kept[i].Name))
            {
                throw Usage($"--rename would save both '{owners[names[i]]}' and '{kept[i].Name}' as '{names[i]}'");
            }
        }
        return names;
    }

    private string NewName(CheckpointVariable variable, HashSet<string> used)
    {
        foreach (var name in new[] { variable.Name, variable.VariableName })
        {
            if (name is not null && _exact.TryGetValue(name, out var renamed))
            {
                used.Add(name);
                return renamed;
            }
        }
        foreach (var (from, to) in _prefixes)
        {
            if (variable.Name.StartsWith(from, StringComparison.Ordinal))
            {
                used.Add(from);
                return to + variable.Name.Substring(from.Length);
            }
        }
        return variable.Name;
    }

    private static CommandFailedException Usage(string message) => new(ExitCodes.Usage, message);
}
