using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;
using Google.Protobuf;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// Rewrites a meta graph's Saver for a checkpoint that keeps some of its keys, possibly renamed,
/// so that <c>import_meta_graph</c> + <c>restore</c> work with it, as after
/// <c>tf.train.Saver(var_list).save()</c>: each SaveV2/RestoreV2 lists only the kept keys (new
/// names, their slices and dtypes; SaveV2 only their tensors), RestoreV2 outputs are
/// renumbered where they are used, the Assign/AssignVariableOp nodes of dropped keys go and
/// with them their edges into the restore group, and saver nodes left unused go too. The rest
/// of the graph is unchanged.
/// </summary>
internal static class SaverRewriter
{
    /// <summary>The rewritten meta graph, or null when its Saver is not one this can rewrite.</summary>
    /// <param name="metaGraph">The meta graph; not modified.</param>
    /// <param name="newKey">A saved key's key in the new checkpoint, or null when it is not in it.</param>
    /// <param name="changed">Whether anything differs from <paramref name="metaGraph"/>.</param>
    /// <param name="reason">Why the Saver cannot be rewritten, when it cannot.</param>
    public static MetaGraphDef? TryRewrite(MetaGraphDef metaGraph, Func<string, string?> newKey, out bool changed, out string reason)
    {
        changed = false;
        var copy = metaGraph.Clone();
        var saver = SaverSubgraph.Find(copy, out reason);
        if (saver is null)
        {
            return null;
        }
        var consumersBefore = ConsumerCounts(copy.GraphDef.Node);
        var renumbered = new Dictionary<string, int?[]>(StringComparer.Ordinal);
        foreach (var op in saver.Saves.Concat(saver.Restores))
        {
            var kept = Enumerable.Range(0, op.Keys.Count).Where(i => newKey(op.Keys[i]) is not null).ToArray();
            var names = kept.Select(i => newKey(op.Keys[i])!).ToArray();
            if (names.SequenceEqual(op.Keys))
            {
                continue;
            }
            changed = true;
            Trim(op, kept, names);
            if (!op.IsSave)
            {
                var outputs = new int?[op.Keys.Count];
                for (var j = 0; j < kept.Length; j++)
                {
                    outputs[kept[j]] = j;
                }
                renumbered[op.Node.Name] = outputs;
            }
        }
        if (changed)
        {
            RemoveNodes(copy.GraphDef, saver, Renumber(copy.GraphDef.Node, renumbered), consumersBefore);
        }
        return copy;
    }

    private static void Trim(SaverOp op, int[] kept, string[] names)
    {
        SetStrings(op.Names, names.Select(ByteString.CopyFromUtf8));
        var slices = op.Slices.Attr["value"].Tensor.StringVal;
        SetStrings(op.Slices, kept.Select(i => slices[i]).ToArray());
        var dtypes = op.Node.Attr["dtypes"].List.Type;
        var keptTypes = kept.Select(i => dtypes[i]).ToArray();
        dtypes.Clear();
        dtypes.Add(keptTypes);
        if (op.IsSave)
        {
            var inputs = op.Node.Input;
            var data = inputs.Skip(3).Where(i => !i.StartsWith('^')).ToArray();
            var controls = inputs.Skip(3).Where(i => i.StartsWith('^')).ToArray();
            var head = inputs.Take(3).ToArray();
            inputs.Clear();
            inputs.Add(head);
            inputs.Add(kept.Select(i => data[i]));
            inputs.Add(controls);
        }
        else if (OutputShapes(op.Node) is { } shapes && shapes.Count == op.Keys.Count)
        {
            var keptShapes = kept.Select(i => shapes[i]).ToArray();
            shapes.Clear();
            shapes.Add(keptShapes);
        }
    }

    /// <summary>Replaces a string Const's values, keeping its shape and recorded output shape in step.</summary>
    private static void SetStrings(NodeDef constant, IEnumerable<ByteString> values)
    {
        var tensor = constant.Attr["value"].Tensor;
        var list = values.ToArray();
        tensor.StringVal.Clear();
        tensor.StringVal.Add(list);
        tensor.TensorShape = Vector(list.Length);
        if (OutputShapes(constant) is { Count: 1 } shapes)
        {
            shapes[0] = Vector(list.Length);
        }
    }

    private static TensorShapeProto Vector(long length) => new() { Dim = { new TensorShapeProto.Types.Dim { Size = length } } };

    /// <summary>The <c>_output_shapes</c> attribute TensorFlow records for Python-built graphs, when present.</summary>
    private static Google.Protobuf.Collections.RepeatedField<TensorShapeProto>? OutputShapes(NodeDef node) =>
        node.Attr.TryGetValue("_output_shapes", out var attr) ? attr.List?.Shape : null;

    /// <summary>Points every use of a kept RestoreV2 output at its new index; returns the nodes that used a dropped one.</summary>
    private static HashSet<string> Renumber(IEnumerable<NodeDef> nodes, Dictionary<string, int?[]> renumbered)
    {
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                var input = node.Input[i];
                if (input.StartsWith('^') || !renumbered.TryGetValue(GraphNames.NodeName(input), out var outputs))
                {
                    continue;
                }
                var index = OutputIndex(input);
                if (index >= outputs.Length || outputs[index] is not { } newIndex)
                {
                    dropped.Add(node.Name);
                    continue;
                }
                var source = GraphNames.NodeName(input);
                node.Input[i] = newIndex == 0 ? source : source + ":" + newIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return dropped;
    }

    /// <summary>
    /// Removes <paramref name="removed"/>, every node with a data input from a removed node, and
    /// then the saver's own nodes that lost their last consumer; control edges from removed nodes
    /// are dropped from the nodes that stay.
    /// </summary>
    private static void RemoveNodes(GraphDef graph, SaverSubgraph saver, HashSet<string> removed, Dictionary<string, int> consumersBefore)
    {
        var protectedNames = new HashSet<string>(
            new[] { saver.Saver.FilenameTensorName, saver.Saver.SaveTensorName, saver.Saver.RestoreOpName }.Select(GraphNames.NodeName),
            StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var node in graph.Node.Where(n => !removed.Contains(n.Name)))
            {
                if (node.Input.Any(i => !i.StartsWith('^') && removed.Contains(GraphNames.NodeName(i))))
                {
                    removed.Add(node.Name);
                    grew = true;
                }
            }
            var remaining = graph.Node.Where(n => !removed.Contains(n.Name)).ToList();
            foreach (var node in remaining)
            {
                var stale = node.Input.Where(i => i.StartsWith('^') && removed.Contains(GraphNames.NodeName(i))).ToList();
                stale.ForEach(i => node.Input.Remove(i));
            }
            var consumers = ConsumerCounts(remaining);
            foreach (var node in remaining)
            {
                if (saver.Scope.Length > 0 && node.Name.StartsWith(saver.Scope, StringComparison.Ordinal) && !protectedNames.Contains(node.Name)
                    && consumersBefore.GetValueOrDefault(node.Name) > 0 && consumers.GetValueOrDefault(node.Name) == 0)
                {
                    removed.Add(node.Name);
                    grew = true;
                }
            }
        }
        while (grew);
        var kept = graph.Node.Where(n => !removed.Contains(n.Name)).ToList();
        graph.Node.Clear();
        graph.Node.Add(kept);
    }

    private static Dictionary<string, int> ConsumerCounts(IEnumerable<NodeDef> nodes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var input in nodes.SelectMany(n => n.Input))
        {
            var name = GraphNames.NodeName(input);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        return counts;
    }

    private static int OutputIndex(string input)
    {
        var colon = input.LastIndexOf(':');
        return colon > 0 && int.TryParse(input.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : 0;
    }
}
