namespace CheckpointGen.Runtime.Format.Bundle;

/// <summary>The header entry of a V2 index (the empty key).</summary>
/// <param name="NumShards">How many data files hold the tensors.</param>
/// <param name="BigEndian">Whether tensor bytes are big-endian (the index itself never is).</param>
/// <param name="Producer">The writer's format version; TensorFlow writes 1.</param>
internal sealed record BundleHeader(int NumShards, bool BigEndian, int Producer)
{
    /// <summary>The format version this reader implements (TensorFlow's kTensorBundleVersion).</summary>
    public const int Version = 1;

    /// <summary>A bound on shards: TensorFlow never writes more than one per device and thread.</summary>
    public const int MaxShards = 1 << 20;
}
