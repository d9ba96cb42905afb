using System.Text.RegularExpressions;

namespace CheckpointGen.Runtime;

/// <summary>
/// "Did you mean" for a checkpoint path that does not exist: the first missing part of the path
/// is replaced by the closest name in the folder that does exist (a file's checkpoint prefix, or
/// a folder), as the analyzer suggests variable names. Offered only when the corrected path exists.
/// </summary>
internal static class PathSuggestion
{
    private static readonly Regex CheckpointFileSuffix = new(@"(\.index|\.meta|\.data-\d{5}-of-\d{5})$", RegexOptions.CultureInvariant);

    /// <summary>The corrected path, or null when nothing close exists.</summary>
    /// <param name="fullPath">An absolute path, as resolved.</param>
    public static string? NearMiss(string fullPath)
    {
        var missing = new Stack<string>();
        var existing = fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (string.IsNullOrEmpty(parent))
            {
                return null;
            }
            missing.Push(Path.GetFileName(existing));
            existing = parent!;
        }
        if (missing.Count == 0)
        {
            return null;
        }
        var typed = missing.Pop();
        string? closest;
        try
        {
            var candidates = Directory.EnumerateFileSystemEntries(existing)
                .Select(e => CheckpointFileSuffix.Replace(Path.GetFileName(e), string.Empty))
                .Where(n => n != typed)
                .Distinct(StringComparer.Ordinal);
            closest = NameSuggester.Closest(typed, candidates);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A suggestion is a courtesy: a folder that cannot be listed just gets none.
            return null;
        }
        if (closest is null)
        {
            return null;
        }
        var suggestion = Path.Combine(new[] { existing, closest }.Concat(missing).ToArray());
        return Directory.Exists(suggestion) || File.Exists(suggestion) || CheckpointLocator.Exists(suggestion) ? suggestion : null;
    }

    /// <summary>"; did you mean '…'?" for <paramref name="fullPath"/>, or nothing.</summary>
    public static string Hint(string fullPath) => NearMiss(fullPath) is { } near ? $"; did you mean '{near}'?" : string.Empty;
}
