using System.Globalization;
using System.Text;

namespace CheckpointGen.Generators.Emit;

/// <summary>Text as it goes into generated C#: string literals, XML doc text, numbers.</summary>
internal static class CSharpText
{
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
                _ when c < 0x20 || c is '\u0085' or '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Text safe inside a one-line XML doc comment.</summary>
    public static string Xml(string value) =>
        OneLine(value).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Text safe in a one-line comment: C# ends a line at any of these.</summary>
    public static string OneLine(string text) =>
        text.Replace('\r', ' ').Replace('\n', ' ').Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
