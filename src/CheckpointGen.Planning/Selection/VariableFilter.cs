using System.Text;
using System.Text.RegularExpressions;
using CheckpointGen.Planning.Naming;
using CheckpointGen.Runtime;

namespace CheckpointGen.Planning.Selection;

/// <summary>The <c>Keep</c> metadata: which kinds of variable an item keeps before the name globs apply.</summary>
internal enum KeepPolicy
{
    /// <summary>Every variable except optimizer state and bookkeeping.</summary>
    Model,

    /// <summary>Only what the graph marks trainable.</summary>
    Trainable,

    /// <summary>Every variable.</summary>
    All,
}

/// <summary>
/// Which variables an item keeps: <c>Keep</c> (Model, Trainable, All) and name globs, where
/// <c>*</c> matches within a <c>/</c>-separated part, <c>**</c> across parts, <c>?</c> one
/// character, and a leading <c>!</c> negates. A glob matches the stored key, the key without its
/// object-based suffix, or the real variable name.
/// </summary>
internal sealed class VariableFilter
{
    private readonly KeepPolicy _keep;
    private readonly Regex[] _includes;
    private readonly Regex[] _negatedIncludes;
    private readonly Regex[] _excludes;

    private VariableFilter(KeepPolicy keep, Regex[] includes, Regex[] negatedIncludes, Regex[] excludes)
    {
        _keep = keep;
        _includes = includes;
        _negatedIncludes = negatedIncludes;
        _excludes = excludes;
    }

    public static VariableFilter Create(KeepPolicy keep, string include, string exclude)
    {
        var includePatterns = Split(include);
        return new VariableFilter(
            keep,
            includePatterns.Where(p => !p.StartsWith("!", StringComparison.Ordinal)).Select(ToRegex).ToArray(),
            includePatterns.Where(p => p.StartsWith("!", StringComparison.Ordinal)).Select(p => ToRegex(p.Substring(1))).ToArray(),
            Split(exclude).Select(p => ToRegex(p.TrimStart('!'))).ToArray());
    }

    public bool Keeps(CheckpointVariable v)
    {
        var kindOk = _keep switch
        {
            KeepPolicy.All => true,
            KeepPolicy.Trainable => v.Kind == VariableKind.Trainable,
            _ => v.Kind is VariableKind.Trainable or VariableKind.Model,
        };
        if (!kindOk)
        {
            return false;
        }
        var names = Names(v).ToArray();
        if (_includes.Length > 0 && !_includes.Any(r => names.Any(r.IsMatch)))
        {
            return false;
        }
        return !_negatedIncludes.Concat(_excludes).Any(r => names.Any(r.IsMatch));
    }

    private static IEnumerable<string> Names(CheckpointVariable v)
    {
        yield return v.Name;
        if (Identifiers.WithoutAttributeSuffix(v.Name) is var shorter && shorter != v.Name)
        {
            yield return shorter;
        }
        if (v.VariableName is { } real)
        {
            yield return real;
        }
    }

    private static string[] Split(string patterns) =>
        patterns.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();

    private static Regex ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" also matches no folder at all.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
