using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;
using Google.Protobuf;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// A TF2 checkpoint's object graph (<c>_CHECKPOINTABLE_OBJECT_GRAPH</c>) is how
/// <c>tf.train.Checkpoint.restore</c> finds each object's values, so a pruned TF2 checkpoint
/// keeps it, naming only the kept keys (under their new names): attributes of dropped keys
/// go, and slot variable references whose slot lost its value go with them. Objects stay, so
/// restoring a model whose optimizer state was pruned simply leaves that state unrestored.
/// </summary>
internal static class ObjectGraphRewriter
{
    /// <summary>The checkpoint's object graph tensor, when it has one.</summary>
    public static CheckpointVariable? Find(Checkpoint checkpoint) =>
        checkpoint.TryGetVariable(VariableNaming.ObjectGraphKey, out var variable) && variable.DataType == TensorDataType.String && variable.Shape.Rank == 0
            ? variable
            : null;

    /// <summary>
    /// The object graph naming only the keys <paramref name="newKey"/> maps, or null when it
    /// cannot be read or names none of them. <paramref name="changed"/> tells whether it differs.
    /// </summary>
    public static byte[]? Rewrite(byte[] serialized, Func<string, string?> newKey, out bool changed)
    {
        changed = false;
        TrackableObjectGraph graph;
        try
        {
            graph = TrackableObjectGraph.Parser.ParseFrom(serialized);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        var emptied = new HashSet<int>();
        var namesAny = false;
        for (var id = 0; id < graph.Nodes.Count; id++)
        {
            var attributes = graph.Nodes[id].Attributes;
            var kept = attributes.Where(a => newKey(a.CheckpointKey) is not null).ToList();
            namesAny |= kept.Count > 0;
            changed |= kept.Count != attributes.Count || kept.Any(a => newKey(a.CheckpointKey) != a.CheckpointKey);
            if (attributes.Count > 0 && kept.Count == 0)
            {
                emptied.Add(id);
            }
            kept.ForEach(a => a.CheckpointKey = newKey(a.CheckpointKey)!);
            attributes.Clear();
            attributes.Add(kept);
        }
        foreach (var node in graph.Nodes)
        {
            var slots = node.SlotVariables.Where(s => !emptied.Contains(s.SlotVariableNodeId) && !emptied.Contains(s.OriginalVariableNodeId)).ToList();
            changed |= slots.Count != node.SlotVariables.Count;
            node.SlotVariables.Clear();
            node.SlotVariables.Add(slots);
        }
        return namesAny ? graph.ToByteArray() : null;
    }
}
