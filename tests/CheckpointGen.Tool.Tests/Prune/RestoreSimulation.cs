using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Freezing;

namespace CheckpointGen.Tool.Tests.Prune;

/// <summary>
/// What <c>tf.train.import_meta_graph(meta)</c> then <c>saver.restore(sess, prefix)</c> would
/// check and run, without TensorFlow: every input names a node; the SaverDef's restore op
/// runs RestoreV2 ops whose every key is in the checkpoint with the listed dtype and a matching
/// shape, and whose every output is assigned, in range; every SaveV2 lists as many tensors as keys.
/// </summary>
internal static class RestoreSimulation
{
    /// <summary>The keys the restore op restores, each once; fails the test on any inconsistency.</summary>
    public static IReadOnlyList<string> RestoredKeys(MetaGraphDef meta, Checkpoint checkpoint)
    {
        var nodes = meta.GraphDef.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var node in meta.GraphDef.Node)
        {
            Assert.All(node.Input, input => Assert.True(nodes.ContainsKey(GraphNames.NodeName(input)), $"{node.Name} has input {input}, which is not in the graph"));
        }
        foreach (var save in Ancestors(nodes, meta.SaverDef.SaveTensorName).Where(n => n.Op == "SaveV2"))
        {
            var keys = Strings(nodes, save.Input[1]);
            Assert.Equal(keys.Count, save.Input.Skip(3).Count(i => !i.StartsWith('^')));
            Assert.Equal(keys.Count, save.Attr["dtypes"].List.Type.Count);
            Assert.Equal(keys.Count, Strings(nodes, save.Input[2]).Count);
        }
        var restored = new List<string>();
        foreach (var restore in Ancestors(nodes, meta.SaverDef.RestoreOpName).Where(n => n.Op == "RestoreV2"))
        {
            var keys = Strings(nodes, restore.Input[1]);
            var dtypes = restore.Attr["dtypes"].List.Type;
            Assert.Equal(keys.Count, dtypes.Count);
            var slices = Strings(nodes, restore.Input[2]);
            Assert.Equal(keys.Count, slices.Count);
            var used = meta.GraphDef.Node.SelectMany(n => n.Input)
                .Where(i => !i.StartsWith('^') && GraphNames.NodeName(i) == restore.Name)
                .Select(i => i.Contains(':') ? int.Parse(i.Substring(i.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture) : 0)
                .ToList();
            Assert.All(used, index => Assert.InRange(index, 0, keys.Count - 1));
            for (var i = 0; i < keys.Count; i++)
            {
                Assert.True(checkpoint.TryGetVariable(keys[i], out var variable), $"{restore.Name} restores '{keys[i]}', which the checkpoint lacks");
                Assert.Equal((int)variable.DataType, (int)dtypes[i]);
                if (slices[i].Length > 0)
                {
                    // "3 100 0,3:0,100": the full shape, then the slice.
                    var fullShape = slices[i].Split(' ').SkipLast(1).Select(d => long.Parse(d, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(variable.Shape.Dimensions, fullShape);
                }
                Assert.Contains(i, used);
                restored.Add(keys[i]);
            }
        }
        Assert.Equal(restored.Count, restored.Distinct().Count());
        return restored;
    }

    private static List<string> Strings(Dictionary<string, NodeDef> nodes, string input)
    {
        var node = nodes[GraphNames.NodeName(input)];
        Assert.Equal("Const", node.Op);
        var tensor = node.Attr["value"].Tensor;
        Assert.Equal(tensor.StringVal.Count, tensor.TensorShape.Dim.Single().Size);
        return tensor.StringVal.Select(s => s.ToStringUtf8()).ToList();
    }

    private static IEnumerable<NodeDef> Ancestors(Dictionary<string, NodeDef> nodes, string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(new[] { GraphNames.NodeName(root) });
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (seen.Add(name) && nodes.TryGetValue(name, out var node))
            {
                yield return node;
                foreach (var input in node.Input)
                {
                    pending.Push(GraphNames.NodeName(input));
                }
            }
        }
    }
}
