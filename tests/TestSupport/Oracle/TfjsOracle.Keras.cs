namespace CheckpointGen.Tests.Oracle;

/// <summary>The Keras route: tests/oracle/keras_run.js rebuilds the model from keras_metadata.pb with tfjs-layers.</summary>
internal static partial class TfjsOracle
{
    /// <summary>
    /// Predicts <paramref name="input"/> with the Keras model of the SavedModel fixture
    /// <paramref name="fixture"/> (a folder under tests/fixtures), rebuilt by tfjs-layers from its
    /// config, its weights read at the offsets the fixture's independent listing (tests/fixtures-expected) gives.
    /// </summary>
    public static OracleTensor RunKeras(string fixture, OracleTensor input)
    {
        var folder = FixturePaths.Get(fixture);
        var listing = Path.Combine(FixturePaths.ExpectedRoot, fixture.TrimEnd('/').Replace('/', '~') + "~variables~variables.tsv");
        return InWorkFolder(work =>
        {
            var inputPath = Path.Combine(work, "input.json");
            File.WriteAllBytes(inputPath, WriteTensors(new Dictionary<string, OracleTensor> { ["input"] = input }));
            return ReadOutputs(RunNode(Path.Combine(Folder, "keras_run.js"), folder, listing, inputPath))["output"];
        });
    }
}
