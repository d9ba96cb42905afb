using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning.Naming;

/// <summary>
/// Where a variable sits among a Keras model's layers: the accessor path it gets instead of its
/// positional checkpoint key (<c>layer_with_weights-1/kernel</c> of the layer <c>dense_1</c> →
/// <c>dense_1</c>, <c>kernel</c>).
/// </summary>
/// <param name="Segments">The layer names from the outermost layer in, then the weight's attribute (and, for an optimizer slot, the slot's parts).</param>
/// <param name="ScopeAliases">For the first scopes of <paramref name="Segments"/>, the object path of the layer (or, for a slot, variable) each stands for: its positional name, which <c>Rename</c> accepts too.</param>
internal sealed record LayerPath(IReadOnlyList<string> Segments, IReadOnlyList<string> ScopeAliases);

/// <summary>
/// Names a Keras SavedModel's variables after its layers, as Keras does. The layers and their
/// names come from Keras's own records (<see cref="KerasObjects"/>); the tree from the
/// SavedObjectGraph: a layer's parent is the nearest Keras layer on its object path (the path
/// Keras itself records for it), a variable belongs to the layer that holds it as a named
/// attribute (<c>kernel</c>, <c>recurrent_kernel</c>), and a recurrent layer's <c>cell</c> is
/// folded into the layer, so an LSTM's weights are <c>lstm/kernel</c>, not
/// <c>lstm/lstm_cell/kernel</c>. Variables no layer holds by name (list entries, metrics) keep
/// their positional paths; so does every variable of a model without Keras records.
/// </summary>
internal static class KerasLayerPaths
{
    /// <summary>Keras objects that are layers (a model is a layer too); metrics are not.</summary>
    private static readonly HashSet<string> LayerIdentifiers = new(StringComparer.Ordinal)
    {
        "_tf_keras_layer", "_tf_keras_input_layer", "_tf_keras_rnn_layer", "_tf_keras_network", "_tf_keras_model", "_tf_keras_sequential",
    };

    private const string RnnIdentifier = "_tf_keras_rnn_layer";
    private const string CellEdge = "cell";
    private const string SlotMarker = "/.OPTIMIZER_SLOT/";

    /// <summary>The layer path of each of <paramref name="keys"/> that a Keras layer holds; others are absent.</summary>
    /// <exception cref="CheckpointFormatException">Keras's records are damaged (the message names the file and where).</exception>
    public static IReadOnlyDictionary<string, LayerPath> Find(CheckpointGraph? graph, IEnumerable<string> keys)
    {
        var result = new Dictionary<string, LayerPath>(StringComparer.Ordinal);
        if (graph?.SavedObjects is not { } view || KerasObjects.Read(graph) is not { Count: > 0 } records)
        {
            return result;
        }
        var layers = Layers(records);
        var paths = new Dictionary<int, LayerPath?>();
        var byObjectPath = new Dictionary<string, LayerPath>(StringComparer.Ordinal);
        // Breadth first, so a variable two layers hold by name belongs to the one nearer the root.
        foreach (var node in view.BreadthFirst().Where(layers.ContainsKey))
        {
            if (PathOf(node, view, layers, paths) is not { } layerPath)
            {
                continue;
            }
            foreach (var child in view.Children(node))
            {
                if (view.Contains(child.NodeId) && graph.MetaGraph.ObjectGraphDef.Nodes[child.NodeId].Variable is not null
                    && !child.LocalName.All(char.IsDigit) && view.PathOf(child.NodeId) is { Length: > 0 } objectPath)
                {
                    byObjectPath.TryAdd(objectPath, new LayerPath(layerPath.Segments.Append(child.LocalName).ToArray(), layerPath.ScopeAliases));
                }
            }
        }
        foreach (var key in keys)
        {
            if (Of(key, byObjectPath) is { } found)
            {
                result[key] = found;
            }
        }
        return result;
    }

    /// <summary>A key's layer path: its object path's, or for an optimizer slot its variable's followed by the slot's parts.</summary>
    private static LayerPath? Of(string key, Dictionary<string, LayerPath> byObjectPath)
    {
        if (!key.EndsWith(Identifiers.AttributeSuffix, StringComparison.Ordinal))
        {
            return null;
        }
        var objectPath = Identifiers.WithoutAttributeSuffix(key);
        if (byObjectPath.TryGetValue(objectPath, out var path))
        {
            return path;
        }
        var slot = objectPath.IndexOf(SlotMarker, StringComparison.Ordinal);
        if (slot > 0 && byObjectPath.TryGetValue(objectPath.Substring(0, slot), out var variable))
        {
            var rest = objectPath.Substring(slot + 1).Split('/').Where(p => p.Length > 0);
            return new LayerPath(variable.Segments.Concat(rest).ToArray(), variable.ScopeAliases.Append(objectPath.Substring(0, slot)).ToArray());
        }
        return null;
    }

    /// <summary>
    /// A layer's path of layer names: its Keras parent's followed by its own name (the root model
    /// has the empty path: it is the class); a recurrent layer's cell shares the layer's path.
    /// Null for a layer the root does not reach.
    /// </summary>
    private static LayerPath? PathOf(int node, ObjectGraphView view, Dictionary<int, Layer> layers, Dictionary<int, LayerPath?> memo)
    {
        // The layers from this one up to one already known, then their paths from the top down:
        // no recursion, however deep a (hostile) graph nests them. First-reach parents form a
        // tree, so the walk up ends.
        var chain = new List<int>();
        for (var n = node; n >= 0 && !memo.ContainsKey(n); n = n == 0 ? -1 : KerasParent(n, view, layers))
        {
            chain.Add(n);
        }
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            memo[chain[i]] = Extend(chain[i], view, layers, memo);
        }
        return memo[node];
    }

    private static LayerPath? Extend(int node, ObjectGraphView view, Dictionary<int, Layer> layers, Dictionary<int, LayerPath?> memo)
    {
        if (node == 0)
        {
            return new LayerPath(Array.Empty<string>(), Array.Empty<string>());
        }
        var parent = KerasParent(node, view, layers);
        if (parent < 0 || memo[parent] is not { } parentPath || view.PathOf(node) is not { } objectPath)
        {
            return null;
        }
        var (direct, edge) = view.ParentOf(node);
        if (edge == CellEdge && direct == parent && layers.TryGetValue(parent, out var owner) && owner.Identifier == RnnIdentifier)
        {
            return parentPath;
        }
        return new LayerPath(parentPath.Segments.Append(layers[node].Name).ToArray(), parentPath.ScopeAliases.Append(objectPath).ToArray());
    }

    /// <summary>The nearest layer (or the root) on a node's object path; -1 when the root does not reach it.</summary>
    private static int KerasParent(int node, ObjectGraphView view, Dictionary<int, Layer> layers)
    {
        var parent = view.ParentOf(node).Parent;
        while (parent > 0 && !layers.ContainsKey(parent))
        {
            parent = view.ParentOf(parent).Parent;
        }
        return parent;
    }

    /// <summary>The layers among Keras's records, by node, with the names Keras gave them.</summary>
    private static Dictionary<int, Layer> Layers(IReadOnlyList<KerasObjectRecord> records)
    {
        var layers = new Dictionary<int, Layer>();
        foreach (var record in records.Where(r => LayerIdentifiers.Contains(r.Identifier)))
        {
            if (Name(record) is { Length: > 0 } name)
            {
                layers.TryAdd(record.NodeId, new Layer(name, record.Identifier));
            }
        }
        return layers;
    }

    /// <summary>The layer's <c>name</c>, else its config's; null when Keras recorded none.</summary>
    private static string? Name(KerasObjectRecord record)
    {
        try
        {
            using var json = JsonDocument.Parse(record.Metadata);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (json.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }
            return json.RootElement.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                && config.TryGetProperty("name", out name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(
                $"{record.Where}: the Keras metadata of a {record.Identifier} is not valid JSON: {e.Message}");
        }
    }

    private sealed record Layer(string Name, string Identifier);
}
