using CheckpointGen.Manifest;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Hand-made manifests for what no real checkpoint has (colliding names, keywords, odd
/// characters), written with the same <see cref="ManifestFormat"/> the build worker uses.
/// </summary>
internal sealed class TestManifest
{
    private readonly List<ManifestTensor> _tensors = new();
    private readonly List<ManifestSignature> _signatures = new();
    private long _nextOffset;

    public TestManifest(string className = "Model", string mode = CheckpointManifest.EmbeddedMode)
    {
        ClassName = className;
        Mode = mode;
    }

    public string ClassName { get; }

    public string Mode { get; }

    /// <summary>Adds a tensor; Embedded offsets follow one another as the worker packs them.</summary>
    public TestManifest Tensor(string name, string dtype = "float32", long[]? shape = null, string variableName = "")
    {
        shape ??= Array.Empty<long>();
        var bytes = dtype == "string" ? 16 : shape.Aggregate(4L, (a, d) => a * d);
        var offset = Mode == CheckpointManifest.EmbeddedMode ? _nextOffset : -1;
        _nextOffset += (bytes + 63) / 64 * 64;
        _tensors.Add(new ManifestTensor(name, variableName, dtype, new EquatableArray<long>(shape), "model", offset, bytes));
        return this;
    }

    public TestManifest Signature(string key, ManifestTensorInfo[] inputs, ManifestTensorInfo[] outputs)
    {
        _signatures.Add(new ManifestSignature(key, "tensorflow/serving/predict", new EquatableArray<ManifestTensorInfo>(inputs), new EquatableArray<ManifestTensorInfo>(outputs)));
        return this;
    }

    public CheckpointManifest Build() => new(
        ClassName, "Models", "public", Mode, "models/" + ClassName.ToLowerInvariant(), "Models." + ClassName + ".weights", "models/" + ClassName.ToLowerInvariant(), "test",
        new EquatableArray<ManifestTensor>(_tensors.ToArray()), new EquatableArray<ManifestSignature>(_signatures.ToArray()));

    public string Text() => ManifestFormat.Write(Build());
}
