using System.Security.Cryptography;

namespace CheckpointGen.Fuzz;

/// <summary>
/// Keeps failing inputs under the output folder, grouped by breach signature (a few mutants per
/// signature): each mutant's files as the target wrote them, and what broke in mutant.txt.
/// </summary>
internal sealed class FailureStore
{
    private const int KeptPerSignature = 3;

    private readonly string _root;
    private readonly IFuzzTarget _target;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public FailureStore(string root, IFuzzTarget target)
    {
        _root = root;
        _target = target;
    }

    public int Distinct => _counts.Count;

    /// <summary>Saves the mutant; true when one of its breaches has a signature not seen before.</summary>
    public bool Save(int seed, IReadOnlyList<string> signatures, string report)
    {
        var isNew = false;
        foreach (var signature in signatures)
        {
            _counts.TryGetValue(signature, out var seen);
            _counts[signature] = seen + 1;
            isNew |= seen == 0;
            if (seen < KeptPerSignature)
            {
                var folder = Path.Combine(_root, Hash(signature), "mutant-" + seed);
                Directory.CreateDirectory(folder);
                _target.Save(seed, folder);
                File.WriteAllText(Path.Combine(folder, "mutant.txt"), $"{report}\n");
            }
        }
        return isNew;
    }

    private static string Hash(string signature) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signature)), 0, 6).ToLowerInvariant();
}
