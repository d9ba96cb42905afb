using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// The nodes of a meta graph that a V2 <c>tf.train.Saver</c> built, found from its SaverDef:
/// the SaveV2 ops the save tensor depends on and the RestoreV2 ops the restore op depends on,
/// each with the string Consts naming its checkpoint keys and slices. Another saver's nodes in
/// the same graph (<c>save_1/…</c>) are left out: only the SaverDef's saver is restored.
/// </summary>
internal sealed class SaverSubgraph
{
    private SaverSubgraph(Dictionary<string, NodeDef> nodes, SaverDef saver, IReadOnlyList<SaverOp> saves, IReadOnlyList<SaverOp> restores)
    {
        Nodes = nodes;
        Saver = saver;
        Saves = saves;
        Restores = restores;
    }

    /// <summary>Every node of the graph by name.</summary>
    public Dictionary<string, NodeDef> Nodes { get; }

    public SaverDef Saver { get; }

    public IReadOnlyList<SaverOp> Saves { get; }

    public IReadOnlyList<SaverOp> Restores { get; }

    /// <summary>The saver's name scope (<c>save/</c>), from its restore op's name; empty when it has none.</summary>
    public string Scope => Saver.RestoreOpName.Contains('/') ? Saver.RestoreOpName.Substring(0, Saver.RestoreOpName.LastIndexOf('/') + 1) : string.Empty;

    /// <summary>The saver subgraph of <paramref name="metaGraph"/>, or null with the reason it is not one this tool can rewrite.</summary>
    public static SaverSubgraph? Find(MetaGraphDef metaGraph, out string reason)
    {
        var saver = metaGraph.SaverDef;
        if (saver is null || saver.RestoreOpName.Length == 0 || saver.SaveTensorName.Length == 0)
        {
            reason = "it has no Saver (no saver_def)";
            return null;
        }
        if (saver.Version != SaverDef.Types.CheckpointFormatVersion.V2)
        {
            reason = "its Saver writes the V1 format (SaveSlices/RestoreSlice ops), which cannot restore the V2 checkpoint written";
            return null;
        }
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in metaGraph.GraphDef?.Node ?? Enumerable.Empty<NodeDef>())
        {
            if (!nodes.TryAdd(node.Name, node))
            {
                reason = $"two of its nodes are named '{node.Name}'";
                return null;
            }
        }
        var saves = Ops(nodes, saver.SaveTensorName, "SaveV2", firstData: 3, out reason);
        var restores = saves is null ? null : Ops(nodes, saver.RestoreOpName, "RestoreV2", firstData: 3, out reason);
        return saves is null || restores is null ? null : new SaverSubgraph(nodes, saver, saves, restores);
    }

    /// <summary>The <paramref name="op"/> nodes <paramref name="root"/> depends on, each validated.</summary>
    private static List<SaverOp>? Ops(Dictionary<string, NodeDef> nodes, string root, string op, int firstData, out string reason)
    {
        var found = Ancestors(nodes, GraphNames.NodeName(root)).Where(n => n.Op == op).Select(n => SaverOp.TryCreate(nodes, n, firstData)).ToList();
        if (found.Count == 0)
        {
            reason = nodes.TryGetValue(GraphNames.NodeName(root), out var node) && node.Op is "StatefulPartitionedCall" or "PartitionedCall"
                ? $"its Saver runs inside a function ('{root}' is a {node.Op}), as in TF2 SavedModels, where its key lists cannot be rewritten"
                : $"its Saver's '{root}' depends on no {op} op";
            return null;
        }
        if (found.Any(o => o is null))
        {
            reason = $"a {op} op of its Saver does not take its key names and slices from string Consts of matching length";
            return null;
        }
        reason = string.Empty;
        return found.Select(o => o!).ToList();
    }

    /// <summary>Every node <paramref name="root"/> depends on, through data and control inputs, in graph order of discovery.</summary>
    private static IEnumerable<NodeDef> Ancestors(Dictionary<string, NodeDef> nodes, string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !nodes.TryGetValue(name, out var node))
            {
                continue;
            }
            yield return node;
            foreach (var input in node.Input)
            {
                pending.Push(GraphNames.NodeName(input));
            }
        }
    }
}
