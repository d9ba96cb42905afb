using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Freezing;

/// <summary>
/// Which checkpoint key holds each variable of a TF1 graph. A Saver built with a renaming
/// var_list saves a variable under another name; the graph records the pairing in its save op:
/// SaveV2(prefix, tensor_names, shape_and_slices, tensors...) (Save / SaveSlices in old graphs:
/// (filename, tensor_names, [shapes_and_slices,] data...)), with tensor_names a string Const.
/// Variables the save op does not list are saved under their op name, TensorFlow's default.
/// </summary>
internal static class SaverKeyMap
{
    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, NodeDef> nodes)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var save in nodes.Values.Where(n => n.Op is "SaveV2" or "Save" or "SaveSlices"))
        {
            var firstTensor = save.Op == "Save" ? 2 : 3;
            if (save.Input.Count <= firstTensor
                || !nodes.TryGetValue(GraphNames.NodeName(save.Input[1]), out var namesNode)
                || namesNode.Op != "Const"
                || !namesNode.Attr.TryGetValue("value", out var value)
                || value.Tensor is null)
            {
                continue;
            }
            var names = value.Tensor.StringVal;
            for (var i = 0; i < names.Count && firstTensor + i < save.Input.Count; i++)
            {
                var source = ResolveVariable(nodes, GraphNames.NodeName(save.Input[firstTensor + i]));
                if (source is not null && !keys.ContainsKey(source))
                {
                    keys[source] = names[i].ToStringUtf8();
                }
            }
        }
        return keys;
    }

    /// <summary>Follows Identity / ReadVariableOp edges back to the variable op a saved tensor comes from.</summary>
    private static string? ResolveVariable(IReadOnlyDictionary<string, NodeDef> nodes, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (nodes.TryGetValue(name, out var node) && seen.Add(name))
        {
            if (GraphNames.IsVariableOp(node.Op))
            {
                return name;
            }
            if (node.Op is not ("Identity" or "ReadVariableOp") || node.Input.Count == 0)
            {
                return null;
            }
            name = GraphNames.NodeName(node.Input[0]);
        }
        return null;
    }
}
