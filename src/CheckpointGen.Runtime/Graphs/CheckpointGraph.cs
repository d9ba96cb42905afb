using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// What the graph beside a checkpoint (a <c>.meta</c> file, a SavedModel, or a bare
/// <c>graph.pbtxt</c>) says about its variables and entry points. Immutable.
/// </summary>
public sealed class CheckpointGraph
{
    private static readonly HashSet<string> VariableOpTypes = new(StringComparer.Ordinal) { "VariableV2", "Variable", "VarHandleOp" };

    private CheckpointGraph(string path, CheckpointGraphKind kind, MetaGraphDef metaGraph)
    {
        Path = path;
        Kind = kind;
        MetaGraph = metaGraph;
        var info = metaGraph.MetaInfoDef;
        Tags = info?.Tags.ToArray() ?? Array.Empty<string>();
        TensorFlowVersion = string.IsNullOrEmpty(info?.TensorflowVersion) ? null : info!.TensorflowVersion;
        SaverFormat = metaGraph.SaverDef is { } saver
            ? saver.Version == SaverDef.Types.CheckpointFormatVersion.V2 ? CheckpointFormat.V2 : CheckpointFormat.V1
            : null;
        Variables = ReadVariableCollections(metaGraph, path);
        VariableOps = (metaGraph.GraphDef?.Node ?? Enumerable.Empty<NodeDef>())
            .Where(n => VariableOpTypes.Contains(n.Op))
            .Select(n => new GraphVariableOp(
                n.Name,
                n.Op,
                n.Attr.TryGetValue("dtype", out var dtype) ? ToDataType(dtype.Type) : TensorDataType.Invalid,
                GraphShape.From(n.Attr.TryGetValue("shape", out var shape) ? shape.Shape : null)))
            .ToArray();
        Signatures = metaGraph.SignatureDef
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new GraphSignature(s.Key, s.Value.MethodName, ToSignatureTensors(s.Value.Inputs), ToSignatureTensors(s.Value.Outputs)))
            .ToArray();
        if (metaGraph.ObjectGraphDef is { Nodes.Count: > 0 } objects)
        {
            SavedObjects = ObjectGraphView.Of(objects);
            SavedObjectVariables = Enumerable.Range(0, objects.Nodes.Count)
                .Where(i => objects.Nodes[i].Variable is not null)
                .Select(i => (Path: SavedObjects.PathOf(i), Node: i))
                .Where(p => p.Path is not null)
                .Select(p => ToSavedObjectVariable(p.Path!, objects.Nodes[p.Node].Variable))
                .ToArray();
        }
        else
        {
            SavedObjectVariables = Array.Empty<SavedObjectVariable>();
        }
    }

    /// <summary>The file the graph was read from.</summary>
    public string Path { get; }

    /// <summary>What kind of file it is, which bounds what the other properties can hold.</summary>
    public CheckpointGraphKind Kind { get; }

    /// <summary>The meta graph's tags (<c>serve</c>); empty for a bare graph or an untagged meta graph.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The TensorFlow version that wrote the graph (<c>1.14.0</c>), when recorded.</summary>
    public string? TensorFlowVersion { get; }

    /// <summary>The format the graph's Saver writes (its SaverDef version); null when there is no saver.</summary>
    public CheckpointFormat? SaverFormat { get; }

    /// <summary>
    /// The TF1 <c>variables</c> and <c>trainable_variables</c> collections, merged: every
    /// variable once, in collection order. Empty for TF2 SavedModels and bare graphs.
    /// </summary>
    public IReadOnlyList<GraphVariable> Variables { get; }

    /// <summary>The graph's variable nodes (<c>VariableV2</c>, <c>Variable</c>, <c>VarHandleOp</c>), in graph order.</summary>
    public IReadOnlyList<GraphVariableOp> VariableOps { get; }

    /// <summary>The SignatureDefs, ordered by key.</summary>
    public IReadOnlyList<GraphSignature> Signatures { get; }

    /// <summary>
    /// For a TF2 SavedModel, the variables of its object graph, with their object paths (the
    /// checkpoint keys' stems), model names and trainability; empty otherwise.
    /// </summary>
    public IReadOnlyList<SavedObjectVariable> SavedObjectVariables { get; }

    /// <summary>The whole meta graph, for tools that need the nodes (freezing).</summary>
    internal MetaGraphDef MetaGraph { get; }

    /// <summary>The SavedModel's object graph, when it has one.</summary>
    internal ObjectGraphView? SavedObjects { get; }

    /// <summary>
    /// Reads a graph: a <c>.meta</c> file (binary MetaGraphDef), a SavedModel's
    /// <c>saved_model.pb</c> or <c>saved_model.pbtxt</c> (or its folder; the meta graph tagged
    /// <c>serve</c> is used, else the first), a text graph (<c>graph.pbtxt</c>; a text
    /// MetaGraphDef or SavedModel is recognized by its first field), or a binary GraphDef
    /// (<c>frozen.pb</c>).
    /// </summary>
    /// <exception cref="CheckpointNotFoundException">There is no such file, or the folder holds no SavedModel.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a valid graph of its kind; the message says why and where.</exception>
    public static CheckpointGraph Load(string path)
    {
        var file = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(file))
        {
            file = GraphFile.SavedModelNames.Select(n => System.IO.Path.Combine(file, n)).FirstOrDefault(File.Exists)
                ?? throw new CheckpointNotFoundException("folder has no saved_model.pb or saved_model.pbtxt", file);
        }
        else if (!File.Exists(file))
        {
            throw new CheckpointNotFoundException("no graph file here", file);
        }
        var (kind, metaGraph) = GraphFile.Read(file);
        return new CheckpointGraph(file, kind, metaGraph);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Path}";

    /// <summary>Graphs record reference types (value + 100) for variables' outputs; the element type is what matters here.</summary>
    private static TensorDataType ToDataType(DataType type) =>
        (TensorDataType)((int)type >= 100 ? (int)type - 100 : (int)type);

    private static IReadOnlyList<GraphVariable> ReadVariableCollections(MetaGraphDef metaGraph, string path)
    {
        var trainable = new HashSet<string>(StringComparer.Ordinal);
        var defs = new List<VariableDef>();
        foreach (var (collection, isTrainable) in new[] { ("variables", false), ("trainable_variables", true) })
        {
            if (!metaGraph.CollectionDef.TryGetValue(collection, out var list) || list.BytesList is null)
            {
                continue;
            }
            foreach (var bytes in list.BytesList.Value)
            {
                var def = ParseVariableDef(bytes, collection, path);
                defs.Add(def);
                if (isTrainable)
                {
                    trainable.Add(def.VariableName);
                }
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return defs
            .Where(d => seen.Add(d.VariableName))
            .Select(d =>
            {
                var name = VariableNaming.StripOutputIndex(d.VariableName);
                var full = string.IsNullOrEmpty(d.SaveSliceInfoDef?.FullName) ? name : d.SaveSliceInfoDef!.FullName;
                return new GraphVariable(name, full, d.Trainable || trainable.Contains(d.VariableName), d.IsResource);
            })
            .ToArray();
    }

    private static VariableDef ParseVariableDef(ByteString bytes, string collection, string path)
    {
        try
        {
            return VariableDef.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointFormatException($"an entry of collection '{collection}' is not a valid VariableDef: {e.Message}", path, innerException: e);
        }
    }

    private static IReadOnlyList<GraphSignatureTensor> ToSignatureTensors(IEnumerable<KeyValuePair<string, TensorInfo>> tensors) =>
        tensors
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new GraphSignatureTensor(
                t.Key,
                t.Value.EncodingCase == TensorInfo.EncodingOneofCase.CooSparse ? t.Value.CooSparse.ValuesTensorName : t.Value.Name,
                ToDataType(t.Value.Dtype),
                GraphShape.From(t.Value.TensorShape)))
            .ToArray();

    private static SavedObjectVariable ToSavedObjectVariable(string objectPath, SavedVariable variable) =>
        new(objectPath, VariableNaming.StripOutputIndex(variable.Name), variable.Trainable, ToDataType(variable.Dtype), GraphShape.From(variable.Shape));
}
