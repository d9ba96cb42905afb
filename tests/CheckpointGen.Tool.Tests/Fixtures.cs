using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests;

/// <summary>The fixture listings as theory data, and scratch copies of fixtures to damage.</summary>
internal static class Fixtures
{
    public static TheoryData<string> Listings() => new(ExpectedListing.All().Select(Id));

    /// <summary>Listings whose tensors all have their data (every shard present).</summary>
    public static TheoryData<string> CompleteListings() => new(ExpectedListing.All().Where(l => l.Tensors.All(t => t.HasData)).Select(Id));

    /// <summary>The listing whose <see cref="Id"/> is <paramref name="id"/>.</summary>
    public static ExpectedListing Find(string id) => ExpectedListing.All().Single(l => Id(l) == id);

    /// <summary>The 5-step estimator's newest checkpoint: one shard, every byte present, a .meta beside it.</summary>
    public static string EstimatorPrefix { get; } = FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-10000");

    /// <summary>Copies a checkpoint's files (prefix.*) into a new temporary folder; returns the copy's prefix.</summary>
    public static string CopyCheckpoint(string prefix, TempFolder folder)
    {
        var name = Path.GetFileName(prefix);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(prefix)!, name + ".*"))
        {
            var target = Path.Combine(folder.Path, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }
        return Path.Combine(folder.Path, name);
    }

    private static string Id(ExpectedListing listing) => listing.ToString().Replace(Path.DirectorySeparatorChar, '/');
}
