namespace CheckpointGen;

/// <summary>
/// "Did you mean" for variable names: the known name closest by edit distance, if it is close
/// enough to be a plausible typo. Shared by the runtime's errors and the analyzer's diagnostics
/// so both suggest the same thing.
/// </summary>
internal static class NameSuggester
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var limit = Math.Max(2, Math.Max(name.Length, candidate.Length) / 3);
            if (Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }
            var d = Distance(name, candidate, Math.Min(limit, bestDistance));
            if (d < bestDistance || (d == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance == int.MaxValue ? null : best;
    }

    /// <summary>Case-insensitive Levenshtein distance, or int.MaxValue once it exceeds <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit)
            {
                return int.MaxValue;
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length] <= limit ? previous[b.Length] : int.MaxValue;
    }
}
