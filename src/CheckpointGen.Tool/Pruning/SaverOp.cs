using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;

namespace CheckpointGen.Tool.Pruning;

/// <summary>A SaveV2 or RestoreV2 node with the Consts holding its keys (<c>tensor_names</c>) and slice specs (<c>shape_and_slices</c>).</summary>
internal sealed class SaverOp
{
    private SaverOp(NodeDef node, NodeDef names, NodeDef slices, IReadOnlyList<string> keys)
    {
        Node = node;
        Names = names;
        Slices = slices;
        Keys = keys;
    }

    public NodeDef Node { get; }

    public NodeDef Names { get; }

    public NodeDef Slices { get; }

    /// <summary>The checkpoint keys the op saves or restores, in its order.</summary>
    public IReadOnlyList<string> Keys { get; }

    public bool IsSave => Node.Op == "SaveV2";

    /// <summary>SaveV2(prefix, tensor_names, shape_and_slices, tensors…) / RestoreV2(prefix, tensor_names, shape_and_slices), checked for consistency.</summary>
    public static SaverOp? TryCreate(Dictionary<string, NodeDef> nodes, NodeDef node, int firstData)
    {
        if (node.Input.Count < firstData
            || StringConst(nodes, node.Input[1]) is not { } names
            || StringConst(nodes, node.Input[2]) is not { } slices)
        {
            return null;
        }
        var keys = names.Attr["value"].Tensor.StringVal.Select(s => s.ToStringUtf8()).ToList();
        var count = keys.Count;
        var dataInputs = node.Input.Skip(firstData).Count(i => !i.StartsWith('^'));
        var consistent = slices.Attr["value"].Tensor.StringVal.Count == count
            && node.Attr.TryGetValue("dtypes", out var dtypes) && dtypes.List?.Type.Count == count
            && (node.Op != "SaveV2" || dataInputs == count);
        return consistent ? new SaverOp(node, names, slices, keys) : null;
    }

    private static NodeDef? StringConst(Dictionary<string, NodeDef> nodes, string input) =>
        !input.StartsWith('^') && nodes.TryGetValue(GraphNames.NodeName(input), out var node) && node.Op == "Const"
            && node.Attr.TryGetValue("value", out var value) && value.Tensor is { Dtype: DataType.DtString }
            ? node
            : null;
}
