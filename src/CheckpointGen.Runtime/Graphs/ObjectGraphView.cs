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

    /// <summary>The node that first reaches each node breadth first, and the edge's escaped name; -1 where none does.</summary>
    private readonly int[] _parent;
    private readonly string?[] _edge;

    /// <summary>The length of each reached node's path, known before building it.</summary>
    private readonly long[] _length;

    /// <summary>For slot variables the root does not reach: (optimizer, original variable, slot name).</summary>
    private readonly Dictionary<int, (int Optimizer, int Variable, string Slot)> _slotOwners = new();

    /// <summary>
    /// Characters of paths still allowed. A hostile graph (a long chain of nodes) would otherwise
    /// make every node's path as long as the chain: quadratic memory from a small file.
    /// </summary>
    private long _pathBudget;

    private ObjectGraphView(IReadOnlyList<IReadOnlyList<ObjectReference>> children, IReadOnlyList<IReadOnlyList<SlotVariableReference>> slots)
    {
        _children = children;
        _slots = slots;
        _parent = Enumerable.Repeat(-1, children.Count).ToArray();
        _edge = new string?[children.Count];
        _length = new long[children.Count];
        _pathBudget = (1L << 20) + (256L * children.Count);
        foreach (var node in BreadthFirst())
        {
            foreach (var child in _children[node])
            {
                if (Contains(child.NodeId) && child.NodeId != 0 && _edge[child.NodeId] is null)
                {
                    _parent[child.NodeId] = node;
                    _edge[child.NodeId] = Escape(child.LocalName);
                    _length[child.NodeId] = (node == 0 ? 0 : _length[node] + 1) + _edge[child.NodeId]!.Length;
                }
            }
        }
        for (var optimizer = 0; optimizer < Count; optimizer++)
        {
            foreach (var slot in _slots[optimizer])
            {
                if (Contains(slot.SlotVariableNodeId) && Contains(slot.OriginalVariableNodeId)
                    && slot.SlotVariableNodeId != 0 && _edge[slot.SlotVariableNodeId] is null
                    && !_slotOwners.ContainsKey(slot.SlotVariableNodeId))
                {
                    _slotOwners[slot.SlotVariableNodeId] = (optimizer, slot.OriginalVariableNodeId, Escape(slot.SlotName));
                }
            }
        }
    }

    public static ObjectGraphView Of(TrackableObjectGraph graph) =>
        new(graph.Nodes.Select(n => (IReadOnlyList<ObjectReference>)n.Children).ToArray(), graph.Nodes.Select(n => (IReadOnlyList<SlotVariableReference>)n.SlotVariables).ToArray());

    public static ObjectGraphView Of(SavedObjectGraph graph) =>
        new(graph.Nodes.Select(n => (IReadOnlyList<ObjectReference>)n.Children).ToArray(), graph.Nodes.Select(n => (IReadOnlyList<SlotVariableReference>)n.SlotVariables).ToArray());

    public int Count => _children.Count;

    /// <summary>
    /// A node's object path (the checkpoint key without <c>/.ATTRIBUTES/…</c>): empty for the root,
    /// null for nodes the root does not reach or once the graph has spent its path budget.
    /// </summary>
    public string? PathOf(int node)
    {
        if (!Contains(node))
        {
            return null;
        }
        if (_slotOwners.TryGetValue(node, out var owner))
        {
            var length = _length[owner.Variable] + _length[owner.Optimizer] + owner.Slot.Length + 17;
            if (length > _pathBudget)
            {
                return null;
            }
            var variable = TreePath(owner.Variable);
            var optimizer = TreePath(owner.Optimizer);
            return variable is null || optimizer is null ? null : Spend($"{variable}/.OPTIMIZER_SLOT/{optimizer}/{owner.Slot}");
        }
        return TreePath(node);
    }

    public bool Contains(int node) => node >= 0 && node < Count;

    /// <summary>
    /// The node that first reaches <paramref name="node"/> breadth first (the last step of its
    /// object path) and the escaped name of that edge; (-1, null) for the root and unreached nodes.
    /// </summary>
    public (int Parent, string? Edge) ParentOf(int node) => Contains(node) ? (_parent[node], _edge[node]) : (-1, null);

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

    private string? TreePath(int node)
    {
        if (node == 0)
        {
            return string.Empty;
        }
        if (_edge[node] is null || _length[node] > _pathBudget)
        {
            return null;
        }
        var parts = new List<string>();
        var seen = 0;
        for (var n = node; n > 0 && seen <= Count; n = _parent[n], seen++)
        {
            parts.Add(_edge[n]!);
        }
        parts.Reverse();
        return Spend(string.Join("/", parts));
    }

    private string? Spend(string path)
    {
        _pathBudget -= path.Length;
        return _pathBudget >= 0 ? path : null;
    }
}
