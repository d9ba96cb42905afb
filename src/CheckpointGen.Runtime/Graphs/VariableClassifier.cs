using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>Builds the public variables from stored tensors, with real names and kinds.</summary>
internal static class VariableClassifier
{
    public static CheckpointVariable[] Classify(IReadOnlyList<StoredTensor> tensors, CheckpointGraph? graph, Func<StoredTensor, byte[][]?> readObjectGraph) =>
        tensors.Select(t => new CheckpointVariable(t.Index, t.Name, t.DataType, t.Shape, t.ShardId, t.Offset, t.Size, t.Crc32C, t.Slices, null, VariableNaming.Classify(t.Name))).ToArray();
}
