namespace CheckpointGen.Manifest;

/// <summary>
/// Everything the source generator needs to know about one &lt;Checkpoint&gt; item, written by the
/// build task (which reads the binary files) and read by the generator (which never does).
/// Records with value equality: the generator's pipeline caches on them.
/// </summary>
internal sealed record CheckpointManifest(
    string ClassName,
    string Namespace,
    string Access,
    string Mode,
    string Source,
    string ResourceName,
    string LazyPath,
    string Fingerprint,
    EquatableArray<ManifestTensor> Tensors,
    EquatableArray<ManifestSignature> Signatures)
{
    public const string EmbeddedMode = "Embedded";
    public const string LazyMode = "Lazy";

    public bool IsEmbedded => Mode == EmbeddedMode;

    public string FullClassName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;
}

/// <summary>One kept variable.</summary>
/// <param name="Name">The key as stored in the checkpoint.</param>
/// <param name="VariableName">The real name a graph gives, or empty.</param>
/// <param name="DType">The dtype name (float32, bfloat16, string, …).</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Kind">trainable, model, optimizer or bookkeeping.</param>
/// <param name="Offset">Embedded mode: byte offset in the weights resource; otherwise -1.</param>
/// <param name="ByteLength">Stored bytes.</param>
internal sealed record ManifestTensor(string Name, string VariableName, string DType, EquatableArray<long> Shape, string Kind, long Offset, long ByteLength);

/// <summary>A SignatureDef of the model's graph.</summary>
internal sealed record ManifestSignature(string Key, string MethodName, EquatableArray<ManifestTensorInfo> Inputs, EquatableArray<ManifestTensorInfo> Outputs);

/// <summary>One input or output of a signature; <paramref name="Shape"/> uses -1 for unknown dimensions and is empty with <paramref name="UnknownRank"/>.</summary>
internal sealed record ManifestTensorInfo(string Key, string TensorName, string DType, EquatableArray<long> Shape, bool UnknownRank);
