using System.Text;

namespace CheckpointGen.Planning.Naming;

/// <summary>
/// How TensorFlow names become C# identifiers: each <c>/</c>-separated part is PascalCased on its
/// non-alphanumeric separators, and object-based keys lose their <c>/.ATTRIBUTES/VARIABLE_VALUE</c>
/// suffix.
/// </summary>
internal static class Identifiers
{
    /// <summary>The suffix TF2 object-based checkpoints add to every variable's key.</summary>
    public const string AttributeSuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>
    /// Splits on non-alphanumeric characters and capitalizes each piece
    /// (<c>layer_with_weights-0</c> → <c>LayerWithWeights0</c>); a result that is empty or starts
    /// with a digit gets a leading underscore. The result is always a valid identifier and never a
    /// keyword (keywords are lower case).
    /// </summary>
    public static string ToPascal(string part)
    {
        var sb = new StringBuilder(part.Length);
        var upper = true;
        foreach (var c in part)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }

    /// <summary>The key without the object-based suffix.</summary>
    public static string WithoutAttributeSuffix(string key) =>
        key.EndsWith(AttributeSuffix, StringComparison.Ordinal) ? key.Substring(0, key.Length - AttributeSuffix.Length) : key;

    /// <summary>
    /// The path the generated accessors follow: the stored key's non-empty parts, unless it is an
    /// object-based key whose parts are list indices (<c>variables/0</c>) and the graph gives a
    /// real name (<paramref name="realName"/>, empty when none).
    /// </summary>
    public static string[] AccessorPath(string key, string realName)
    {
        var path = WithoutAttributeSuffix(key);
        var parts = path.Split('/');
        if (realName.Length > 0 && parts.Any(p => p.Length > 0 && p.All(char.IsDigit)))
        {
            parts = realName.Split('/');
        }
        return parts.Where(p => p.Length > 0).DefaultIfEmpty(path).ToArray();
    }
}
