using CheckpointGen.Manifest;
using CheckpointGen.Runtime;

namespace CheckpointGen.Build;

/// <summary>The graph's SignatureDefs in manifest form, for the generated <c>Signatures</c> class.</summary>
internal static class SignatureReader
{
    public static EquatableArray<ManifestSignature> Read(Checkpoint checkpoint)
    {
        if (checkpoint.Graph is not { } graph)
        {
            return EquatableArray<ManifestSignature>.Empty;
        }
        // "__saved_model_init_op" and the like are TensorFlow's loading machinery, not entry points.
        return new EquatableArray<ManifestSignature>(graph.Signatures
            .Where(s => !s.Key.StartsWith("__", StringComparison.Ordinal))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new ManifestSignature(s.Key, s.MethodName, Tensors(s.Inputs), Tensors(s.Outputs)))
            .ToArray());
    }

    private static EquatableArray<ManifestTensorInfo> Tensors(IEnumerable<Runtime.Graphs.GraphSignatureTensor> tensors) =>
        new(tensors
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new ManifestTensorInfo(
                t.Key, t.TensorName, TensorDataTypes.Name(t.DataType),
                new EquatableArray<long>(t.Shape.IsUnknownRank ? Array.Empty<long>() : t.Shape.Dimensions.ToArray()),
                t.Shape.IsUnknownRank))
            .ToArray());
}
