using System.Text;

namespace CheckpointGen;

/// <summary>
/// PascalCasing of TensorFlow name parts into C# identifiers, shared by the generator (member
/// names) and the build worker (default class names) so both map names the same way.
/// </summary>
internal static class Identifiers
{
    /// <summary>
    /// Splits on non-alphanumeric characters and capitalizes each piece
    /// (<c>layer_with_weights-0</c> → <c>LayerWithWeights0</c>); a result starting with a digit
    /// gets a leading underscore.
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
}
