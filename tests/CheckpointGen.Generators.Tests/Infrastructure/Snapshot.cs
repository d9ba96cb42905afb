using System.Runtime.CompilerServices;
using CheckpointGen.Tests;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed snapshot beside the test's source file, named
/// <c>&lt;TestClass&gt;.&lt;TestMethod&gt;[_&lt;variant&gt;].verified.cs</c> (the test class is the
/// source file's name). On a difference it writes the actual text as <c>.received.cs</c> and
/// fails; accept a change by renaming received to verified. With
/// <c>CHECKPOINTGEN_ACCEPT_SNAPSHOTS=1</c> it writes the verified files instead (review them!).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "CHECKPOINTGEN_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string? variant = null, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var folder = Path.GetDirectoryName(SourcePath(testFile))!;
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"Snapshot tests need the test sources at {folder}, where they were compiled.");
        }
        var name = Path.GetFileNameWithoutExtension(testFile) + "." + testMethod + (variant is null ? string.Empty : "_" + variant);
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(verified)
            ? $"The generated code differs from the snapshot {verified}.\nCompare it with {received}; if the change is intended, rename the received file to {Path.GetFileName(verified)}, or run the tests with {AcceptVariable}=1 and review the diff."
            : $"There is no snapshot {verified} yet.\nReview {received} and rename it to {Path.GetFileName(verified)}, or run the tests with {AcceptVariable}=1.");
    }

    /// <summary>
    /// CI builds are deterministic: the compiler maps the repository root to <c>/_/</c> in
    /// caller paths, so those are mapped back to where the repository is.
    /// </summary>
    private static string SourcePath(string callerPath)
    {
        const string MappedRoot = "/_/";
        return callerPath.StartsWith(MappedRoot, StringComparison.Ordinal) && !File.Exists(callerPath)
            ? Path.Combine(FixturePaths.RepoRoot, callerPath.Substring(MappedRoot.Length))
            : callerPath;
    }

    /// <summary>Line endings differ by checkout (core.autocrlf), not by generator.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
