using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>What a TF2 checkpoint's object graph (and a SavedModel's, when there is one) says about one stored key.</summary>
/// <param name="VariableName">The model's name for the variable, when a graph records it.</param>
/// <param name="Role">Optimizer or Bookkeeping when the object's place in the graph says so; null for model state.</param>
/// <param name="Trainable">The SavedModel's trainability of the variable; null when no SavedModel matched it.</param>
internal sealed record ObjectGraphKey(string? VariableName, VariableKind? Role, bool? Trainable);

/// <summary>
/// Classifies the keys of an object-based (TF2) checkpoint from its own object graph
/// (<c>_CHECKPOINTABLE_OBJECT_GRAPH</c>): slot variables and everything under an optimizer
/// object are optimizer state, <c>save_counter</c> and Keras metrics are bookkeeping. When a
/// SavedModel object graph is given, nodes are matched by walking both graphs from the root by
/// children's local names (and slot references), which gives each variable its model name
/// and trainability.
/// </summary>
internal static class ObjectGraphClassifier
{
    private const string ValueAttribute = "VARIABLE_VALUE";

    public static Dictionary<string, ObjectGraphKey> Classify(TrackableObjectGraph checkpointGraph, CheckpointGraph? savedModel)
    {
        var view = ObjectGraphView.Of(checkpointGraph);
        var roles = Roles(view);
        var savedNodes = savedModel?.MetaGraph.ObjectGraphDef?.Nodes;
        var matches = savedModel?.SavedObjects is { } saved ? Match(view, saved) : null;
        var keys = new Dictionary<string, ObjectGraphKey>(StringComparer.Ordinal);
        for (var node = 0; node < view.Count; node++)
        {
            var savedVariable = matches is not null && matches[node] >= 0 ? savedNodes![matches[node]].Variable : null;
            foreach (var attribute in checkpointGraph.Nodes[node].Attributes)
            {
                var isValue = attribute.Name == ValueAttribute;
                var name = isValue && savedVariable is not null && savedVariable.Name.Length > 0
                    ? savedVariable.Name
                    : attribute.FullName;
                keys[attribute.CheckpointKey] = new ObjectGraphKey(
                    string.IsNullOrEmpty(name) ? null : VariableNaming.StripOutputIndex(name),
                    roles[node],
                    isValue ? savedVariable?.Trainable : null);
            }
        }
        return keys;
    }

    /// <summary>
    /// Each node's role, inherited from the edge that first reaches it breadth first (the path
    /// its checkpoint key is built from): an edge named <c>optimizer</c> or a node holding slot
    /// references makes optimizer state, <c>save_counter</c> under the root and
    /// <c>keras_api/metrics</c> make bookkeeping. Slot variables are optimizer state wherever they are.
    /// </summary>
    private static VariableKind?[] Roles(ObjectGraphView view)
    {
        var roles = new VariableKind?[view.Count];
        var incoming = new string?[view.Count];
        var reached = new bool[view.Count];
        foreach (var node in view.BreadthFirst())
        {
            if (view.Slots(node).Count > 0)
            {
                roles[node] ??= VariableKind.Optimizer;
                foreach (var slot in view.Slots(node).Where(s => view.Contains(s.SlotVariableNodeId)))
                {
                    roles[slot.SlotVariableNodeId] = VariableKind.Optimizer;
                }
            }
            foreach (var child in view.Children(node))
            {
                if (!view.Contains(child.NodeId) || child.NodeId == 0 || reached[child.NodeId])
                {
                    continue;
                }
                reached[child.NodeId] = true;
                incoming[child.NodeId] = child.LocalName;
                roles[child.NodeId] ??= roles[node] ?? EdgeRole(node, incoming[node], child.LocalName);
            }
        }
        return roles;
    }

    private static VariableKind? EdgeRole(int parent, string? parentEdge, string name) => name switch
    {
        "optimizer" => VariableKind.Optimizer,
        "save_counter" when parent == 0 => VariableKind.Bookkeeping,
        "metrics" when parentEdge == "keras_api" => VariableKind.Bookkeeping,
        _ => null,
    };

    /// <summary>For each checkpoint node, the SavedModel node at the same place (-1 where none is).</summary>
    private static int[] Match(ObjectGraphView checkpoint, ObjectGraphView saved)
    {
        var matches = Enumerable.Repeat(-1, checkpoint.Count).ToArray();
        if (checkpoint.Count == 0 || saved.Count == 0)
        {
            return matches;
        }
        matches[0] = 0;
        foreach (var node in checkpoint.BreadthFirst())
        {
            var counterpart = matches[node];
            if (counterpart < 0)
            {
                continue;
            }
            foreach (var child in checkpoint.Children(node))
            {
                if (!checkpoint.Contains(child.NodeId) || matches[child.NodeId] >= 0)
                {
                    continue;
                }
                var savedChild = saved.Children(counterpart).FirstOrDefault(c => c.LocalName == child.LocalName);
                if (savedChild is not null && saved.Contains(savedChild.NodeId))
                {
                    matches[child.NodeId] = savedChild.NodeId;
                }
            }
        }
        for (var optimizer = 0; optimizer < checkpoint.Count; optimizer++)
        {
            if (matches[optimizer] < 0)
            {
                continue;
            }
            foreach (var slot in checkpoint.Slots(optimizer))
            {
                if (!checkpoint.Contains(slot.OriginalVariableNodeId) || !checkpoint.Contains(slot.SlotVariableNodeId)
                    || matches[slot.OriginalVariableNodeId] < 0 || matches[slot.SlotVariableNodeId] >= 0)
                {
                    continue;
                }
                var savedSlot = saved.Slots(matches[optimizer]).FirstOrDefault(
                    s => s.OriginalVariableNodeId == matches[slot.OriginalVariableNodeId] && s.SlotName == slot.SlotName);
                if (savedSlot is not null && saved.Contains(savedSlot.SlotVariableNodeId))
                {
                    matches[slot.SlotVariableNodeId] = savedSlot.SlotVariableNodeId;
                }
            }
        }
        return matches;
    }
}
