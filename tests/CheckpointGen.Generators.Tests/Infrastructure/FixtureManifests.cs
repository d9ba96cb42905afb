extern alias worker;

using CheckpointGen.Manifest;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using worker::CheckpointGen.Build;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Manifests of real checkpoints under fixtures/, made by the build worker exactly as a build
/// makes them (CRCs checked, weights packed), with the fixtures folder as the project folder so
/// that paths in them are stable.
/// </summary>
internal static class FixtureManifests
{
    public const string Namespace = "Models";

    /// <summary>Runs the worker for one &lt;Checkpoint Include="<paramref name="fixture"/>"&gt; item.</summary>
    public static BuiltManifest Build(string fixture, string className, string mode, string keep = "Model")
    {
        var output = Path.Combine(Path.GetTempPath(), "checkpointgen-generator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var request = new WorkerItem(
                fixture, FixturePaths.Get(fixture), className, Namespace, "public", mode, keep, IncludeVariables: string.Empty, ExcludeVariables: string.Empty,
                CopyToOutput: false, ProjectDirectory: FixturePaths.Root, OutputDirectory: output);
            var log = new StringWriter();
            var exit = BuildWorker.Run(new[] { request }, Path.Combine(output, "outputs"), log);
            Assert.True(exit == 0, $"The build worker failed on {fixture}:\n{log}");
            var text = File.ReadAllText(Path.Combine(output, className + ".cgmanifest"));
            var weights = Path.Combine(output, className + ".weights");
            return new BuiltManifest(text, File.Exists(weights) ? File.ReadAllBytes(weights) : null);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// A Lazy-mode manifest from the checkpoint's index alone, kept variables chosen as Keep="Model"
    /// does, for fixtures whose data files could not be copied (the worker verifies data, so it
    /// cannot run on them). Code generation needs nothing more.
    /// </summary>
    public static BuiltManifest FromIndex(string fixture, string className)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(fixture));
        var tensors = checkpoint.Variables
            .Where(v => v.Kind is VariableKind.Trainable or VariableKind.Model)
            .Select(v => new ManifestTensor(
                v.Name, v.VariableName ?? string.Empty, TensorDataTypes.Name(v.DataType), new EquatableArray<long>(v.Shape.Dimensions.ToArray()),
                v.Kind.ToString().ToLowerInvariant(), -1, v.Size))
            .ToArray();
        var manifest = new CheckpointManifest(
            className, Namespace, "public", CheckpointManifest.LazyMode, fixture, string.Empty, fixture, "index-only",
            new EquatableArray<ManifestTensor>(tensors), EquatableArray<ManifestSignature>.Empty);
        return new BuiltManifest(ManifestFormat.Write(manifest), null);
    }
}

/// <summary>A manifest's text and, in Embedded mode, the packed weights the build embeds as a resource.</summary>
internal sealed record BuiltManifest(string Text, byte[]? Weights)
{
    public CheckpointManifest Parsed => ManifestFormat.Read(Text, out var error) ?? throw new InvalidOperationException(error);
}
