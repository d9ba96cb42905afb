using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>Runs <c>prune</c> on a fixture into a temporary folder.</summary>
internal static class PruneTestRun
{
    /// <summary>Prunes fixture <paramref name="fixture"/> to <c>folder/<paramref name="name"/></c>; fails the test unless it succeeds.</summary>
    public static (ToolRun Run, string Prefix) Succeeding(TempFolder folder, string fixture, string name, params string[] options)
    {
        var prefix = Path.Combine(folder.Path, name);
        var run = ToolRun.InProcess(new[] { "prune", FixturePaths.Get(fixture), prefix }.Concat(options).ToArray());
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return (run, prefix);
    }

    /// <summary>The data file names of a checkpoint with <paramref name="shards"/> shards.</summary>
    public static IEnumerable<string> DataFiles(string prefix, int shards) =>
        Enumerable.Range(0, shards).Select(i => $"{prefix}.data-{i:D5}-of-{shards:D5}");
}
