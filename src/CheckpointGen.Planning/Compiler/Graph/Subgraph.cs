using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Graph;

/// <summary>
/// The nodes the requested outputs need, in an order where every node comes after its inputs, as
/// <c>Session.run</c> would execute them: walk back from the outputs along data inputs, stop at
/// fed tensors, ignore control inputs (they only order side effects: savers, summaries,
/// assertions, which an inference program does not run).
/// </summary>
internal sealed class Subgraph
{
    private readonly Dictionary<string, NodeDef> _nodes;
    private readonly Dictionary<string, string> _consumer = new(StringComparer.Ordinal);

    private Subgraph(Dictionary<string, NodeDef> nodes, List<NodeDef> order)
    {
        _nodes = nodes;
        Order = order;
    }

    /// <summary>The nodes to evaluate, inputs first.</summary>
    public IReadOnlyList<NodeDef> Order { get; }

    /// <summary>How many data inputs of evaluated nodes read each tensor (fusion needs single consumers).</summary>
    public Dictionary<TensorName, int> Uses { get; } = new();

    /// <exception cref="GraphCompileException">A name is not in the graph, or the needed nodes form a cycle.</exception>
    public static Subgraph Select(GraphDef graph, IReadOnlyCollection<TensorName> outputs, IReadOnlyCollection<TensorName> fed)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            nodes[node.Name] = node;
        }
        var fedNodes = new HashSet<TensorName>(fed);
        var order = new List<NodeDef>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        var sub = new Subgraph(nodes, order);
        foreach (var output in outputs)
        {
            if (!nodes.ContainsKey(output.Node))
            {
                throw new GraphCompileException(GraphCompileException.MissingInput, $"the output '{output}' names no node of the graph{Suggest(nodes.Keys, output.Node)}");
            }
            if (!fedNodes.Contains(output))
            {
                sub.Visit(output.Node, fedNodes, state, order);
            }
        }
        foreach (var node in order)
        {
            foreach (var input in DataInputs(node))
            {
                sub.Uses[input] = sub.Uses.TryGetValue(input, out var n) ? n + 1 : 1;
            }
        }
        return sub;
    }

    /// <summary>The data inputs of <paramref name="node"/>, control inputs skipped.</summary>
    public static IEnumerable<TensorName> DataInputs(NodeDef node) =>
        node.Input.Select(TensorName.Parse).Where(t => t is not null).Select(t => t!.Value);

    /// <summary>The path from <paramref name="node"/> to the output that needs it, for error messages: <c>a (MatMul) → b (Relu) → output</c>.</summary>
    public string ChainFrom(string node)
    {
        var chain = new List<string>();
        for (var current = node; current is not null && chain.Count < 50; current = _consumer.TryGetValue(current, out var next) ? next : null)
        {
            chain.Add(_nodes.TryGetValue(current, out var def) ? $"{current} ({def.Op})" : current);
        }
        return string.Join(" → ", chain);
    }

    // Iterative depth-first search: graphs of 100,000 nodes in a chain must not overflow the stack.
    private void Visit(string root, HashSet<TensorName> fed, Dictionary<string, bool> state, List<NodeDef> order)
    {
        if (state.ContainsKey(root))
        {
            return;
        }
        var stack = new Stack<(NodeDef Node, IEnumerator<TensorName> Inputs)>();
        state[root] = false;
        stack.Push((_nodes[root], DataInputs(_nodes[root]).GetEnumerator()));
        while (stack.Count > 0)
        {
            var (node, inputs) = stack.Peek();
            if (!inputs.MoveNext())
            {
                stack.Pop();
                state[node.Name] = true;
                order.Add(node);
                continue;
            }
            var input = inputs.Current;
            if (fed.Contains(input))
            {
                continue;
            }
            if (!_nodes.TryGetValue(input.Node, out var producer))
            {
                _consumer.TryAdd(input.Node, node.Name);
                throw new GraphCompileException(GraphCompileException.MissingInput,
                    $"node '{node.Name}' ({node.Op}) reads '{input}', which no node of the graph produces; chain to the output: {ChainFrom(node.Name)}");
            }
            if (state.TryGetValue(input.Node, out var done))
            {
                if (!done)
                {
                    var cycle = stack.Select(s => s.Node.Name).TakeWhile(n => n != input.Node).Reverse().Prepend(input.Node).Append(input.Node);
                    throw new GraphCompileException(GraphCompileException.Cycle,
                        $"the nodes the outputs need form a cycle: {string.Join(" → ", cycle)}; an inference graph must be acyclic (TF1 while loops are not supported)");
                }
                continue;
            }
            _consumer.TryAdd(input.Node, node.Name);
            state[input.Node] = false;
            stack.Push((producer, DataInputs(producer).GetEnumerator()));
        }
    }

    private static string Suggest(IEnumerable<string> names, string wanted)
    {
        var close = names.Where(n => n.EndsWith("/" + wanted, StringComparison.Ordinal) || n.Equals(wanted, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
        return close.Count == 0 ? "; `checkpointgen graph` lists the nodes" : $"; did you mean '{string.Join("', '", close)}'?";
    }
}
