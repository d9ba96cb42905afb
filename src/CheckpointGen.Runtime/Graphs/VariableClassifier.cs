using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;
using CheckpointGen.Runtime.Reading;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// Builds the public variables from stored tensors, with real names and kinds, from the best
/// source there is: a TF2 checkpoint's own object graph (matched against a SavedModel's when
/// there is one), a TF1 meta graph's variable collections, and names alone otherwise.
/// </summary>
internal static class VariableClassifier
{
    /// <param name="tensors">The stored tensors, in key order; each gets its real name and kind.</param>
    /// <param name="graph">The graph beside the checkpoint, if one was read.</param>
    /// <param name="readObjectGraph">Reads a string tensor (the serialized object graph).</param>
    /// <param name="warnings">Receives why the object graph could not be used, when it could not.</param>
    public static void Classify(IReadOnlyList<CheckpointVariable> tensors, CheckpointGraph? graph, Func<CheckpointVariable, byte[][]?> readObjectGraph, List<string> warnings)
    {
        var objectKeys = ReadObjectKeys(tensors, graph, readObjectGraph, warnings);
        var savedPaths = (graph?.SavedObjectVariables ?? Array.Empty<SavedObjectVariable>())
            .GroupBy(v => v.ObjectPath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var collections = (graph?.Variables ?? Array.Empty<GraphVariable>())
            .GroupBy(v => v.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Any(v => v.Trainable), StringComparer.Ordinal);
        var variableOps = new HashSet<string>((graph?.VariableOps ?? Array.Empty<GraphVariableOp>()).Select(o => o.Name), StringComparer.Ordinal);
        // Only keys the collections do not name need the Saver's pairing: most checkpoints have none.
        var savedFrom = new Lazy<Dictionary<string, string>>(() => SavedFrom(graph!), LazyThreadSafetyMode.None);

        (string? Name, VariableKind Kind) Describe(CheckpointVariable t)
        {
            if (objectKeys is not null && objectKeys.TryGetValue(t.Name, out var key))
            {
                return FromObjectGraph(t, key);
            }
            if (savedPaths.TryGetValue(VariableNaming.StripAttributeSuffix(t.Name), out var saved))
            {
                return FromSavedPath(t, saved);
            }
            if (collections.TryGetValue(t.Name, out var trainable))
            {
                return (t.Name, trainable ? VariableKind.Trainable : NonTrainableKind(t));
            }
            if (collections.Count > 0 && savedFrom.Value.TryGetValue(t.Name, out var variable) && collections.TryGetValue(variable, out trainable))
            {
                return (variable, trainable ? VariableKind.Trainable : NonTrainableKind(t));
            }
            return (variableOps.Contains(t.Name) ? t.Name : null, VariableNaming.Classify(t.Name));
        }

        foreach (var t in tensors)
        {
            var (name, kind) = Describe(t);
            t.Describe(name, kind);
        }
    }

    /// <summary>
    /// The variable each checkpoint key is saved from, where the graph's Saver saves a variable
    /// under another name (a renaming var_list, or <c>checkpointgen prune --rename</c>); a key
    /// saved from two variables is left out.
    /// </summary>
    private static Dictionary<string, string> SavedFrom(CheckpointGraph graph)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.MetaGraph.GraphDef?.Node ?? Enumerable.Empty<NodeDef>())
        {
            nodes[node.Name] = node;
        }
        return SaverKeyMap.Build(nodes)
            .Where(p => p.Key != p.Value)
            .GroupBy(p => p.Value, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Key, StringComparer.Ordinal);
    }

    /// <summary>The graph's role first; then the SavedModel's trainability; then what the name says.</summary>
    private static (string?, VariableKind) FromObjectGraph(CheckpointVariable tensor, ObjectGraphKey key) =>
        (key.VariableName, key.Role ?? (key.Trainable == true ? VariableKind.Trainable : VariableNaming.Classify(tensor.Name)));

    /// <summary>When the checkpoint's object graph is unreadable, the SavedModel's object paths still name the keys.</summary>
    private static (string?, VariableKind) FromSavedPath(CheckpointVariable tensor, SavedObjectVariable saved)
    {
        var byName = VariableNaming.Classify(tensor.Name);
        return (saved.Name, byName == VariableKind.Model && saved.Trainable ? VariableKind.Trainable : byName);
    }

    /// <summary>A variable TF1 does not train: optimizer state or a counter if its name or type says so, else a model weight.</summary>
    private static VariableKind NonTrainableKind(CheckpointVariable tensor)
    {
        var byName = VariableNaming.Classify(tensor.Name);
        if (byName != VariableKind.Model)
        {
            return byName;
        }
        return tensor.DataType == TensorDataType.Int64 && tensor.Shape.Rank == 0 ? VariableKind.Bookkeeping : VariableKind.Model;
    }

    private static Dictionary<string, ObjectGraphKey>? ReadObjectKeys(IReadOnlyList<CheckpointVariable> tensors, CheckpointGraph? graph, Func<CheckpointVariable, byte[][]?> readObjectGraph, List<string> warnings)
    {
        var stored = tensors.FirstOrDefault(t => t.Name == VariableNaming.ObjectGraphKey && t.DataType == TensorDataType.String);
        if (stored is null)
        {
            return null;
        }
        try
        {
            var value = readObjectGraph(stored);
            if (value is not { Length: 1 })
            {
                warnings.Add($"The object graph ({VariableNaming.ObjectGraphKey}) holds {value?.Length ?? 0} strings instead of one; variables are named and classified from their keys.");
                return null;
            }
            return ObjectGraphClassifier.Classify(TrackableObjectGraph.Parser.ParseFrom(value[0]), graph);
        }
        catch (Exception e) when (e is IOException or InvalidProtocolBufferException or IndexOutOfRangeException)
        {
            warnings.Add($"The object graph ({VariableNaming.ObjectGraphKey}) could not be read: {e.Message.TrimEnd('.', ' ')}. Variables are named and classified from their keys.");
            return null;
        }
    }
}
