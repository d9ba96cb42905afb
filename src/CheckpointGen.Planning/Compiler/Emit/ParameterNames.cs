using System.Text;

namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>C# parameter names for a program's inputs and outputs: camelCase of the key, distinct, never a keyword or a name the generated body uses.</summary>
internal static class ParameterNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto",
        "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc",
        "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using",
        "virtual", "void", "volatile", "while",
        // Locals of the generated method body.
        "batch", "workspace", "result",
    };

    public static string[] For(IEnumerable<string> keys)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var key in keys)
        {
            var baseName = Camel(key);
            var name = baseName;
            for (var n = 2; !used.Add(name); n++)
            {
                name = baseName + n;
            }
            names.Add(name);
        }
        return names.ToArray();
    }

    private static string Camel(string key)
    {
        var sb = new StringBuilder();
        var upper = false;
        foreach (var c in key.Substring(key.LastIndexOf('/') + 1))
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                sb.Append(upper && sb.Length > 0 ? char.ToUpperInvariant(c) : sb.Length == 0 ? char.ToLowerInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        var name = sb.Length == 0 || char.IsDigit(sb[0]) ? "t" + sb : sb.ToString();
        return Reserved.Contains(name) ? name + "Value" : name;
    }
}
