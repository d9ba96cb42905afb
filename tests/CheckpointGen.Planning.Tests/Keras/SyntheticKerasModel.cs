using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using Google.Protobuf;
using ObjectReference = CheckpointGen.Protos.TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference;

namespace CheckpointGen.Planning.Tests.Keras;

/// <summary>
/// A Keras SavedModel written by hand: an object graph of layers, list wrappers and variables,
/// its checkpoint (keys built from object paths, as TensorFlow builds them) and, optionally,
/// Keras's records in keras_metadata.pb or, as TF 2.4 kept them, in the object graph.
/// </summary>
internal sealed class SyntheticKerasModel
{
    private readonly List<SavedObject> _nodes = new() { new SavedObject() };
    private readonly Dictionary<int, (string Identifier, string Json)> _keras = new();
    private readonly Dictionary<int, (string Key, long[] Shape)> _variables = new();

    /// <summary>The root object (node 0) as a Keras model.</summary>
    public SyntheticKerasModel(string identifier, string name)
    {
        _keras[0] = (identifier, Json(name, "Model"));
    }

    /// <summary>Adds a Keras layer under <paramref name="parent"/> by the edge <paramref name="edge"/>; returns its node.</summary>
    public int Layer(int parent, string edge, string identifier, string name, string className)
    {
        var node = Add(parent, edge, new SavedObject { UserObject = new SavedUserObject { Identifier = identifier } });
        _keras[node] = (identifier, Json(name, className));
        return node;
    }

    /// <summary>Adds a node that is no Keras object (a list wrapper); returns it.</summary>
    public int Wrapper(int parent, string edge) =>
        Add(parent, edge, new SavedObject { UserObject = new SavedUserObject { Identifier = "trackable_list_wrapper" } });

    /// <summary>Adds a float32 variable; its checkpoint key is fixed by <see cref="Key"/>, the path that reaches it first.</summary>
    public int Variable(int parent, string edge, string name, params long[] shape)
    {
        var variable = new SavedVariable { Dtype = DataType.DtFloat, Trainable = true, Name = name + ":0", Shape = new TensorShapeProto() };
        variable.Shape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        var node = Add(parent, edge, new SavedObject { Variable = variable });
        _variables[node] = (string.Empty, shape);
        return node;
    }

    /// <summary>Adds an edge to an existing node (a second path to it, as Keras's variable lists are).</summary>
    public void Edge(int parent, string edge, int child) => _nodes[parent].Children.Add(new ObjectReference { NodeId = child, LocalName = edge });

    /// <summary>The checkpoint key of a variable node: its breadth-first object path plus the attribute suffix.</summary>
    public string Key(int node)
    {
        var parent = new Dictionary<int, (int Node, string Edge)>();
        var queue = new Queue<int>();
        queue.Enqueue(0);
        var seen = new HashSet<int> { 0 };
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            foreach (var c in _nodes[n].Children.Where(c => seen.Add(c.NodeId)))
            {
                parent[c.NodeId] = (n, c.LocalName);
                queue.Enqueue(c.NodeId);
            }
        }
        var parts = new List<string>();
        for (var n = node; n != 0; n = parent[n].Node)
        {
            parts.Insert(0, parent[n].Edge);
        }
        return string.Join("/", parts) + "/.ATTRIBUTES/VARIABLE_VALUE";
    }

    /// <summary>Writes the SavedModel folder; Keras's records go to keras_metadata.pb, or into the object graph with <paramref name="legacyMetadata"/>.</summary>
    public void Write(string folder, bool legacyMetadata = false)
    {
        Directory.CreateDirectory(Path.Combine(folder, "variables"));
        var graph = new SavedObjectGraph();
        foreach (var (node, i) in _nodes.Select((n, i) => (n.Clone(), i)))
        {
            if (legacyMetadata && _keras.TryGetValue(i, out var record))
            {
                node.UserObject = new SavedUserObject { Identifier = record.Identifier, Metadata = record.Json };
            }
            graph.Nodes.Add(node);
        }
        var metaGraph = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef(), ObjectGraphDef = graph };
        metaGraph.MetaInfoDef.Tags.Add("serve");
        var model = new SavedModel { SavedModelSchemaVersion = 1 };
        model.MetaGraphs.Add(metaGraph);
        File.WriteAllBytes(Path.Combine(folder, "saved_model.pb"), model.ToByteArray());
        if (!legacyMetadata)
        {
            var metadata = new KerasSavedMetadata();
            metadata.Nodes.AddRange(_keras.OrderBy(k => k.Key).Select(k => new KerasSavedObject { NodeId = k.Key, NodePath = "root", Identifier = k.Value.Identifier, Metadata = k.Value.Json }));
            File.WriteAllBytes(Path.Combine(folder, "keras_metadata.pb"), metadata.ToByteArray());
        }
        using var writer = new CheckpointWriter(Path.Combine(folder, "variables", "variables"));
        foreach (var (node, (_, shape)) in _variables)
        {
            writer.Add(Key(node), TensorShape.Create(shape), TensorData.FromValues(new float[shape.Aggregate(1L, (a, d) => a * d)]));
        }
        writer.Commit();
    }

    private int Add(int parent, string edge, SavedObject node)
    {
        _nodes.Add(node);
        Edge(parent, edge, _nodes.Count - 1);
        return _nodes.Count - 1;
    }

    private static string Json(string name, string className) =>
        $"{{\"name\": \"{name}\", \"class_name\": \"{className}\", \"config\": {{\"name\": \"{name}\"}}}}";
}
