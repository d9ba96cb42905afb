using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Protos;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>
/// Which checkpoint variable each captured resource of a TF2 SavedModel is. A concrete function
/// captures objects of the SavedObjectGraph (its <c>bound_inputs</c>: object node ids), passed as
/// its last inputs; the top-level call passes the graph's handle nodes in the same order. A
/// captured variable's checkpoint key is its object path (<c>layer_with_weights-0/kernel</c>)
/// followed by <see cref="KeySuffix"/>. Each such handle node becomes a <c>VarHandleOp</c> whose
/// <c>shared_name</c> is that key, which is how the compiler and the freezer bind variables.
/// </summary>
internal static class CapturedVariables
{
    /// <summary>What follows a variable's object path in its TF2 checkpoint key.</summary>
    public const string KeySuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>
    /// The meta graph's graph with every captured variable handle bound to its checkpoint key;
    /// the graph itself when the meta graph has no object graph (a TF1 graph).
    /// </summary>
    public static GraphDef Bind(MetaGraphDef metaGraph)
    {
        var graph = metaGraph.GraphDef ?? new GraphDef();
        if (metaGraph.ObjectGraphDef is not { Nodes.Count: > 0 } objects)
        {
            return graph;
        }
        var view = ObjectGraphView.Of(objects);
        var bound = new Dictionary<string, (string Key, SavedVariable Variable)>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (!node.Attr.TryGetValue("f", out var f) || f.Func is null
                || !objects.ConcreteFunctions.TryGetValue(f.Func.Name, out var function) || function.BoundInputs.Count == 0)
            {
                continue;
            }
            var inputs = Subgraph.DataInputs(node).ToList();
            var first = inputs.Count - function.BoundInputs.Count;
            for (var i = 0; i < function.BoundInputs.Count && first >= 0; i++)
            {
                var id = function.BoundInputs[i];
                if (view.Contains(id) && objects.Nodes[id].Variable is { } variable && view.PathOf(id) is { Length: > 0 } path)
                {
                    bound.TryAdd(inputs[first + i].Node, (path + KeySuffix, variable));
                }
            }
        }
        if (bound.Count == 0)
        {
            return graph;
        }
        var result = graph.Clone();
        for (var i = 0; i < result.Node.Count; i++)
        {
            if (bound.TryGetValue(result.Node[i].Name, out var binding) && result.Node[i].Op is "VarHandleOp" or "Placeholder")
            {
                result.Node[i] = Handle(result.Node[i].Name, binding.Key, binding.Variable);
            }
        }
        return result;
    }

    private static NodeDef Handle(string name, string key, SavedVariable variable)
    {
        var node = new NodeDef { Name = name, Op = "VarHandleOp" };
        node.Attr["shared_name"] = new AttrValue { S = Google.Protobuf.ByteString.CopyFromUtf8(key) };
        node.Attr["dtype"] = new AttrValue { Type = variable.Dtype };
        node.Attr["shape"] = new AttrValue { Shape = variable.Shape ?? new TensorShapeProto { UnknownRank = true } };
        return node;
    }
}
