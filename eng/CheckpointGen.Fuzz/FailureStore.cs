using System.Security.Cryptography;
using CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

namespace CheckpointGen.Fuzz;

/// <summary>
/// Keeps failing inputs under the output folder, grouped by breach signature (a few mutants per
/// signature): each mutant's files as written for the reader, and what broke in mutant.txt.
/// </summary>
internal sealed class FailureStore
{
    private const int KeptPerSignature = 3;

    private readonly string _root;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public FailureStore(string root) => _root = root;

    public int Distinct => _counts.Count;

    /// <summary>Saves the mutant; true when one of its breaches has a signature not seen before.</summary>
    public bool Save(FuzzResult result, string problem)
    {
        var isNew = false;
        foreach (var signature in result.Breaches.Select(b => b.Signature).Distinct())
        {
            _counts.TryGetValue(signature, out var seen);
            _counts[signature] = seen + 1;
            isNew |= seen == 0;
            if (seen < KeptPerSignature)
            {
                var folder = Path.Combine(_root, Hash(signature), "mutant-" + result.Mutant.Seed);
                Directory.CreateDirectory(folder);
                result.Mutant.Files.WriteTo(folder);
                File.WriteAllText(Path.Combine(folder, "mutant.txt"), $"{problem}\n{result}\n");
            }
        }
        return isNew;
    }

    private static string Hash(string signature) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signature)), 0, 6).ToLowerInvariant();
}
