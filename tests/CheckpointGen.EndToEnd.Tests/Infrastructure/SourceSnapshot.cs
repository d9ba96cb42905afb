using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A copy of what the packages are built from (src/, protos/ and the repository's build
/// settings), without bin/ or obj/. Packing the copy gives every run a clean build, never one
/// that picks up a stale output of the working tree, and never writes into folders that other
/// builds of the working tree use at the same time.
/// </summary>
internal static class SourceSnapshot
{
    private static readonly string[] RootFiles = { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", "README.md" };

    private static readonly string[] Folders = { "src", "protos" };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "artifacts", "TestResults" };

    public static void CopyTo(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in RootFiles)
        {
            File.Copy(Path.Combine(FixturePaths.RepoRoot, file), Path.Combine(destination, file));
        }
        foreach (var folder in Folders)
        {
            CopyTree(Path.Combine(FixturePaths.RepoRoot, folder), Path.Combine(destination, folder));
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
        foreach (var folder in Directory.GetDirectories(source).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
        {
            CopyTree(folder, Path.Combine(destination, Path.GetFileName(folder)));
        }
    }
}
