using CheckpointGen.Protos;
using ObjectReference = CheckpointGen.Protos.TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference;
using SlotVariableReference = CheckpointGen.Protos.TrackableObjectGraph.Types.TrackableObject.Types.SlotVariableReference;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// The structure a TF2 checkpoint's TrackableObjectGraph and a SavedModel's SavedObjectGraph
/// share: nodes (0 is the root) with named children and optimizer slot references. It names
/// nodes by object path the way TensorFlow builds checkpoint keys: breadth first from the root,
/// a node named by the first path that reaches it, local names escaped (<c>.</c> → <c>..</c>,
/// <c>/</c> → <c>.S</c>), slot variables as <c>{variable}/.OPTIMIZER_SLOT/{optimizer}/{slot}</c>.
/// Node ids come from files, so every reference is bounds-checked and bad ones are ignored.
/// </summary>
internal sealed class ObjectGraphView
{
    private readonly IReadOnlyList<IReadOnlyList<ObjectReference>> _children;
    private readonly IReadOnlyList<IReadOnlyList<SlotVariableReference>> _slots;

    private ObjectGraphView(IReadOnlyList<IReadOnlyList<ObjectReference>> children, IReadOnlyList<IReadOnlyList<SlotVariableReference>> slots)
    {
        _children = children;
        _slots = slots;
        Paths = ComputePaths();
    }

    public static ObjectGraphView Of(TrackableObjectGraph graph) =>
        new(graph.Nodes.Select(n => (IReadOnlyList<ObjectReference>)n.Children).ToArray(), graph.Nodes.Select(n => (IReadOnlyList<SlotVariableReference>)n.SlotVariables).ToArray());

    public static ObjectGraphView Of(SavedObjectGraph graph) =>
        new(graph.Nodes.Select(n => (IReadOnlyList<ObjectReference>)n.Children).ToArray(), graph.Nodes.Select(n => (IReadOnlyList<SlotVariableReference>)n.SlotVariables).ToArray());

    public int Count => _children.Count;

    /// <summary>Each node's object path (the checkpoint key without <c>/.ATTRIBUTES/…</c>); null for nodes the root does not reach. The root's is empty.</summary>
    public IReadOnlyList<string?> Paths { get; }

    public bool Contains(int node) => node >= 0 && node < Count;

    public IReadOnlyList<ObjectReference> Children(int node) => _children[node];

    public IReadOnlyList<SlotVariableReference> Slots(int node) => _slots[node];

    /// <summary>The nodes the root reaches through children, breadth first, each once.</summary>
    public IEnumerable<int> BreadthFirst()
    {
        if (Count == 0)
        {
            yield break;
        }
        var visited = new bool[Count];
        var queue = new Queue<int>();
        visited[0] = true;
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            yield return node;
            foreach (var child in _children[node])
            {
                if (Contains(child.NodeId) && !visited[child.NodeId])
                {
                    visited[child.NodeId] = true;
                    queue.Enqueue(child.NodeId);
                }
            }
        }
    }

    /// <summary>A local name as it appears in a checkpoint key.</summary>
    public static string Escape(string localName) => localName.Replace(".", "..").Replace("/", ".S");

    private string?[] ComputePaths()
    {
        var paths = new string?[Count];
        foreach (var node in BreadthFirst())
        {
            paths[node] ??= string.Empty;
            foreach (var child in _children[node])
            {
                if (Contains(child.NodeId) && paths[child.NodeId] is null && child.NodeId != 0)
                {
                    paths[child.NodeId] = Join(paths[node]!, Escape(child.LocalName));
                }
            }
        }
        for (var optimizer = 0; optimizer < Count; optimizer++)
        {
            foreach (var slot in _slots[optimizer])
            {
                if (paths[optimizer] is { } optimizerPath
                    && Contains(slot.OriginalVariableNodeId) && paths[slot.OriginalVariableNodeId] is { } variablePath
                    && Contains(slot.SlotVariableNodeId) && paths[slot.SlotVariableNodeId] is null)
                {
                    paths[slot.SlotVariableNodeId] = $"{variablePath}/.OPTIMIZER_SLOT/{optimizerPath}/{Escape(slot.SlotName)}";
                }
            }
        }
        return paths;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;
}
