using CheckpointGen.Generators.Emit;
using CheckpointGen.Manifest;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Pipeline;

/// <summary>
/// What generated code relies on beyond the manifest's syntax: identifiers that compile, dtypes
/// this generator knows, no negative sizes, unique keys. The build worker writes only valid
/// manifests; this turns a hand-edited one, or one from a newer worker, into CG2001 instead of
/// generated code that does not compile.
/// </summary>
internal static class ManifestValidator
{
    /// <summary>Why the manifest cannot be generated from, or null.</summary>
    public static string? Problem(CheckpointManifest m)
    {
        if (!IsIdentifier(m.ClassName))
        {
            return $"class '{m.ClassName}' is not a C# identifier";
        }
        if (m.Namespace.Length > 0 && !m.Namespace.Split('.').All(IsIdentifier))
        {
            return $"namespace '{m.Namespace}' is not a C# namespace";
        }
        if (m.Access is not ("public" or "internal"))
        {
            return $"access '{m.Access}' is neither public nor internal";
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in m.Tensors)
        {
            if (!names.Add(t.Name))
            {
                return $"tensor '{t.Name}' is listed twice";
            }
            if (t.DType != "string" && TypeNames.ElementType(t.DType, hasHalf: true) is null)
            {
                return $"tensor '{t.Name}' has the unknown dtype '{t.DType}'";
            }
            if (t.Shape.Any(d => d < 0) || t.ByteLength < 0 || (m.IsEmbedded && t.Offset < 0))
            {
                return $"tensor '{t.Name}' has a negative dimension, size or offset";
            }
        }
        return null;
    }

    private static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;
}
