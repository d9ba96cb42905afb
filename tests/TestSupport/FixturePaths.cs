using System.Reflection;

namespace CheckpointGen.Tests;

/// <summary>Paths of the repository and of the real TensorFlow checkpoints it holds (tests/fixtures).</summary>
internal static class FixturePaths
{
    public static string RepoRoot { get; } = Path.GetFullPath(
        typeof(FixturePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!);

    public static string Root { get; } = Path.Combine(RepoRoot, "tests", "fixtures");

    public static string ExpectedRoot { get; } = Path.Combine(RepoRoot, "tests", "fixtures-expected");

    /// <summary>A path under fixtures/.</summary>
    public static string Get(string relative) => Path.Combine(Root, relative);
}
