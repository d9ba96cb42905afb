using System.Globalization;

namespace CheckpointGen.Planning.Naming;

/// <summary>
/// The one rule for names a user gives (ClassName, Namespace, Rename): a C# identifier by the
/// language's letter classes (what Roslyn's <c>SyntaxFacts.IsValidIdentifier</c> accepts) that is
/// not a keyword. Identifiers the planner derives from checkpoint names satisfy it by construction.
/// </summary>
internal static class CSharpIdentifier
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
    };

    /// <summary>
    /// Contextual keywords that break code where the planner puts names: <c>global</c> as a
    /// namespace part (<c>Acme.global</c> is read as the alias), <c>var</c>, <c>dynamic</c>,
    /// <c>record</c> and the like as a type name.
    /// </summary>
    private static readonly HashSet<string> ContextualInTypeOrNamespace = new(StringComparer.Ordinal)
    {
        "global", "var", "dynamic", "record", "value", "nameof", "unmanaged", "notnull", "scoped", "file", "required", "field",
    };

    /// <summary>Whether <paramref name="name"/> can be declared as a member name.</summary>
    public static bool IsValid(string name) => IsSyntacticIdentifier(name) && !Keywords.Contains(name);

    /// <summary>Why <paramref name="name"/> cannot name a generated class (or a namespace part), or null.</summary>
    public static string? TypeNameProblem(string name)
    {
        if (!IsSyntacticIdentifier(name))
        {
            return "is not a C# identifier";
        }
        if (Keywords.Contains(name) || ContextualInTypeOrNamespace.Contains(name))
        {
            return $"is the C# keyword '{name}'";
        }
        return null;
    }

    /// <summary>
    /// Whether a type name is all lower-case ASCII letters, which the compiler warns about
    /// (CS8981: such names may become keywords) and which fails builds with warnings as errors.
    /// </summary>
    public static bool IsReservedLowerCase(string name) => name.Length > 0 && name.All(c => c is >= 'a' and <= 'z');

    private static bool IsSyntacticIdentifier(string name)
    {
        if (name.Length == 0 || !(name[0] == '_' || IsLetter(CharUnicodeInfo.GetUnicodeCategory(name[0]))))
        {
            return false;
        }
        for (var i = 1; i < name.Length; i++)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(name[i]);
            if (!(IsLetter(category) || category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLetter(UnicodeCategory c) => c is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;
}
