using System.Text;

namespace CheckpointGen.Generators.Emit;

/// <summary>
/// Maps TensorFlow names to C# identifiers: each <c>/</c>-separated part is PascalCased on its
/// non-alphanumeric separators (<c>layer_with_weights-0</c> → <c>LayerWithWeights0</c>), a part
/// starting with a digit gets a leading underscore, and object-based keys lose their
/// <c>/.ATTRIBUTES/VARIABLE_VALUE</c> suffix.
/// </summary>
internal static class IdentifierMapper
{
    private const string AttributeSuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>
    /// The path the generated accessors follow: the stored key, unless it is an object-based key
    /// whose parts are list indices (<c>variables/0</c>) and the graph gives a real name.
    /// </summary>
    public static string[] AccessorPath(string key, string variableName)
    {
        var path = key.EndsWith(AttributeSuffix, StringComparison.Ordinal) ? key.Substring(0, key.Length - AttributeSuffix.Length) : key;
        var parts = path.Split('/');
        if (variableName.Length > 0 && parts.Any(p => p.Length > 0 && p.All(char.IsDigit)))
        {
            parts = variableName.Split('/');
        }
        return parts.Where(p => p.Length > 0).DefaultIfEmpty(path).ToArray();
    }

    public static string ToPascal(string part) => Identifiers.ToPascal(part);

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when c < 0x20 => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
