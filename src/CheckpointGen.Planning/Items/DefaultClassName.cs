using CheckpointGen.Planning.Naming;

namespace CheckpointGen.Planning.Items;

/// <summary>The class an item generates when it sets no ClassName.</summary>
internal static class DefaultClassName
{
    /// <summary>
    /// The item's file or folder name, PascalCased, without checkpoint suffixes; a SavedModel's
    /// numeric version folder gives way to its parent (<c>half_plus_two/00000123</c> → <c>HalfPlusTwo</c>).
    /// </summary>
    public static string For(string itemSpec)
    {
        var parts = itemSpec.Replace('\\', '/').Split('/').Where(p => p.Length > 0 && p != "." && p != "..").ToList();
        var name = parts.Count > 0 ? parts[parts.Count - 1] : "Checkpoint";
        foreach (var suffix in new[] { ".index", ".meta" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - suffix.Length);
            }
        }
        if (name.All(char.IsDigit) && parts.Count > 1)
        {
            name = parts[parts.Count - 2];
        }
        return Identifiers.ToPascal(name);
    }
}
