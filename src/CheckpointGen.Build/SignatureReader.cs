using CheckpointGen.Manifest;
using CheckpointGen.Runtime;

namespace CheckpointGen.Build;

/// <summary>The graph's SignatureDefs in manifest form.</summary>
internal static class SignatureReader
{
    public static EquatableArray<ManifestSignature> Read(Checkpoint checkpoint) => EquatableArray<ManifestSignature>.Empty;
}
