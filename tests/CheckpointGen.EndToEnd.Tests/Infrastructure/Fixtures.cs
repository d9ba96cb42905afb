using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real checkpoints the consumers compile, their independent listings, and which of their
/// variables each Keep setting should give: read off the listings by the rules of PRODUCT.md
/// (optimizer slots, counters and metrics are not model weights).
/// </summary>
internal static class Fixtures
{
    /// <summary>A TF1 estimator checkpoint in two data shards (shard 0 holds only global_step).</summary>
    public static string TwoShardPrefix => FixturePaths.Get("tfx-taxi-estimator-2shard/model.ckpt-10000");

    /// <summary>The same estimator with five kept steps; its `checkpoint` state file names model.ckpt-10000.</summary>
    public static string FiveStepsFolder => FixturePaths.Get("tfx-taxi-estimator-5steps");

    public static string FiveStepsPrefix(int step) => Path.Combine(FiveStepsFolder, $"model.ckpt-{step}");

    /// <summary>A TF2 Keras SavedModel: object-based keys, Adam slots, metrics.</summary>
    public static string KerasSavedModel => FixturePaths.Get("tfx-keras-savedmodel");

    public static ExpectedListing TwoShard => Listing("tfx-taxi-estimator-2shard~model.ckpt-10000");

    public static ExpectedListing FiveSteps(int step) => Listing($"tfx-taxi-estimator-5steps~model.ckpt-{step}");

    public static ExpectedListing Keras => Listing("tfx-keras-savedmodel~variables~variables");

    /// <summary>The estimator's weights: dnn/ and linear/ variables, without their Adagrad and Ftrl slots.</summary>
    public static IReadOnlyList<string> EstimatorWeights(ExpectedListing listing) =>
        listing.Tensors.Select(t => t.Name)
            .Where(n => (n.StartsWith("dnn/", StringComparison.Ordinal) || n.StartsWith("linear/", StringComparison.Ordinal))
                && !n.EndsWith("/Adagrad", StringComparison.Ordinal) && !n.Contains("/Ftrl", StringComparison.Ordinal))
            .ToList();

    /// <summary>The Keras model's kernels and biases, without optimizer slots, the optimizer's own variables or metrics.</summary>
    public static IReadOnlyList<string> KerasWeights =>
        Keras.Tensors.Select(t => t.Name)
            .Where(n => n.StartsWith("layer_with_weights-", StringComparison.Ordinal) && !n.Contains("/.OPTIMIZER_SLOT/", StringComparison.Ordinal))
            .ToList();

    public static IReadOnlyList<string> AllNames(ExpectedListing listing) => listing.Tensors.Select(t => t.Name).ToList();

    /// <summary>
    /// Copies a fixture's files (a prefix's index and data, or every file whose name starts with
    /// <paramref name="filePrefix"/>) into a folder, writable, so a test may change them.
    /// </summary>
    public static void CopyFiles(string sourceFolder, string filePrefix, string destinationFolder)
    {
        Directory.CreateDirectory(destinationFolder);
        var files = Directory.GetFiles(sourceFolder, filePrefix + "*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var copy = Path.Combine(destinationFolder, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetAttributes(copy, FileAttributes.Normal);
            File.SetLastWriteTimeUtc(copy, DateTime.UtcNow);
        }
    }

    private static ExpectedListing Listing(string name) => ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, name + ".tsv"));
}
