using CheckpointGen.Protos;

namespace CheckpointGen.Runtime.Freezing;

/// <summary>
/// convert_variables_to_constants without TensorFlow: keeps only what the outputs need, turns
/// each variable op (VariableV2, Variable, VarHandleOp) into a Const holding its checkpoint
/// value, turns ReadVariableOp of a frozen resource into Identity, and fixes the dtype of
/// Identity/Enter/Exit/Switch/Merge nodes that passed the resource along. Nodes keep their
/// original order; versions are kept, and of the function library the functions kept nodes run.
/// </summary>
internal static class GraphFreezer
{
    /// <summary>Ops that forward their input and carry its dtype in attribute <c>T</c>.</summary>
    private static readonly HashSet<string> Forwarders = new(StringComparer.Ordinal)
    {
        "Identity", "Enter", "RefEnter", "Exit", "RefExit", "Switch", "RefSwitch", "Merge", "RefMerge", "NextIteration", "RefNextIteration",
    };

    /// <summary>Freezes <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph (a meta graph's graph_def).</param>
    /// <param name="outputs">Node names (or <c>node:index</c> tensor names) the frozen graph must compute.</param>
    /// <param name="valueOf">The Const value of a variable, given its node and checkpoint key.</param>
    /// <param name="file">The graph's file, for messages.</param>
    /// <param name="frozen">The variables turned into constants, with their checkpoint keys.</param>
    public static GraphDef Freeze(GraphDef graph, IReadOnlyList<string> outputs, Func<NodeDef, string, TensorProto> valueOf, string file, out IReadOnlyList<(string Node, string Key)> frozen)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (nodes.ContainsKey(node.Name))
            {
                throw new FreezeException($"the graph has two nodes named '{node.Name}'", file, node.Name);
            }
            nodes[node.Name] = node;
        }
        if (outputs.Count == 0)
        {
            throw new FreezeException("no output nodes were given", file);
        }
        var keep = Reachable(nodes, outputs, file);
        RejectFunctionCapturedVariables(nodes, keep, file);
        var keys = SaverKeyMap.Build(nodes);
        var resourceTypes = ResourceTypes(nodes, keep);
        RejectUnfoldableResourceUses(nodes, keep, resourceTypes, file);

        // Cloning keeps versions and the function library, which our GraphDef message does not
        // declare and so carries as unknown fields; only the nodes are replaced.
        var result = graph.Clone();
        result.Node.Clear();
        var frozenList = new List<(string, string)>();
        foreach (var node in graph.Node.Where(n => keep.Contains(n.Name)).ToList())
        {
            if (GraphNames.IsVariableOp(node.Op))
            {
                var key = keys.TryGetValue(node.Name, out var k) ? k : SharedName(node) ?? node.Name;
                result.Node.Add(ToConst(node, valueOf(node, key), file));
                frozenList.Add((node.Name, key));
                continue;
            }
            var copy = node.Clone();
            if (node.Op == "ReadVariableOp" && node.Input.Count > 0 && resourceTypes.TryGetValue(GraphNames.NodeName(node.Input[0]), out var readType))
            {
                copy.Op = "Identity";
                copy.Attr.Remove("dtype");
                copy.Attr["T"] = new AttrValue { Type = readType };
            }
            else if (resourceTypes.TryGetValue(node.Name, out var forwardedType) && !GraphNames.IsVariableOp(node.Op))
            {
                copy.Attr["T"] = new AttrValue { Type = forwardedType };
            }
            result.Node.Add(copy);
        }
        KeepCalledFunctions(result);
        frozen = frozenList;
        return result;
    }

    /// <summary>A VarHandleOp's <c>shared_name</c>: the variable's name, or for a TF2 graph's captured variable bound by the inliner, its checkpoint key.</summary>
    private static string? SharedName(NodeDef node) =>
        node.Op == "VarHandleOp" && node.Attr.TryGetValue("shared_name", out var shared) && !shared.S.IsEmpty ? shared.S.ToStringUtf8() : null;

    /// <summary>
    /// Keeps only the library functions the kept nodes run (While and If bodies, calls), directly
    /// or through other functions; none at all for a TF2 graph whose calls were inlined before
    /// freezing, where the library would only carry the unfrozen originals.
    /// </summary>
    private static void KeepCalledFunctions(GraphDef graph)
    {
        if (graph.Library is null)
        {
            return;
        }
        var functions = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        foreach (var function in graph.Library.Function.Where(f => f.Signature is not null))
        {
            if (!functions.ContainsKey(function.Signature.Name))
            {
                functions[function.Signature.Name] = function;
            }
        }
        var called = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(graph.Node.SelectMany(n => Callees(n, functions)));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (called.Add(name))
            {
                foreach (var callee in functions[name].NodeDef.SelectMany(n => Callees(n, functions)))
                {
                    pending.Push(callee);
                }
            }
        }
        if (called.Count == 0)
        {
            graph.Library = null;
            return;
        }
        // A new library also drops the gradient entries, which could name functions left out.
        var library = new FunctionDefLibrary();
        library.Function.AddRange(graph.Library.Function.Where(f => f.Signature is not null && called.Contains(f.Signature.Name)));
        graph.Library = library;
    }

    /// <summary>The library functions a node runs: its function-valued attributes, or its op when that names a function.</summary>
    private static IEnumerable<string> Callees(NodeDef node, Dictionary<string, FunctionDef> functions) =>
        node.Attr.Values
            .SelectMany(a => a.ValueCase == AttrValue.ValueOneofCase.Func ? new[] { a.Func } : a.List?.Func ?? Enumerable.Empty<NameAttrList>())
            .Select(f => f.Name)
            .Append(node.Op)
            .Where(functions.ContainsKey);

    /// <summary>
    /// A frozen variable is a Const, which only ReadVariableOp (and what forwards the handle) can
    /// read; an op that reads a resource another way (ResourceGather, an assignment) or a resource
    /// that is no variable (a lookup table, a tree ensemble captured by a TF2 function) has no
    /// constant form here. Refused naming the op, never frozen into a graph that cannot run.
    /// </summary>
    private static void RejectUnfoldableResourceUses(Dictionary<string, NodeDef> nodes, HashSet<string> keep, Dictionary<string, DataType> resourceTypes, string file)
    {
        foreach (var name in keep)
        {
            var node = nodes[name];
            if (node.Op == "ReadVariableOp" || Forwarders.Contains(node.Op) || GraphNames.IsVariableOp(node.Op))
            {
                continue;
            }
            foreach (var input in node.Input.Where(i => !i.StartsWith("^", StringComparison.Ordinal)).Select(GraphNames.NodeName))
            {
                var source = nodes[input];
                var isHandle = resourceTypes.ContainsKey(input)
                    || (source.Attr.TryGetValue("dtype", out var dtype) && dtype.Type == DataType.DtResource && source.Op is "Placeholder" or "VarHandleOp");
                if (isHandle)
                {
                    throw new NotSupportedException(
                        $"{file}: node '{name}' ({node.Op}) uses the resource '{input}' ({source.Op}) as a resource, which cannot be folded into a constant; only variables read by ReadVariableOp are frozen");
                }
            }
        }
    }

    private static HashSet<string> Reachable(Dictionary<string, NodeDef> nodes, IReadOnlyList<string> outputs, string file)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        foreach (var output in outputs)
        {
            var name = GraphNames.NodeName(output);
            if (!nodes.ContainsKey(name))
            {
                var suggestion = NameSuggester.Closest(name, nodes.Keys);
                throw new FreezeException($"output node '{name}' is not in the graph" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"), file, name);
            }
            pending.Push(name);
        }
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!keep.Add(name))
            {
                continue;
            }
            foreach (var input in nodes[name].Input)
            {
                var source = GraphNames.NodeName(input);
                if (!nodes.ContainsKey(source))
                {
                    throw new FreezeException($"node '{name}' has input '{input}', which is not in the graph", file, name);
                }
                pending.Push(source);
            }
        }
        return keep;
    }

    /// <summary>
    /// A TF2 graph hands its variables to function calls, which read them inside function
    /// bodies; a Const cannot stand in for a resource handle there, so such graphs are refused.
    /// </summary>
    private static void RejectFunctionCapturedVariables(Dictionary<string, NodeDef> nodes, HashSet<string> keep, string file)
    {
        foreach (var name in keep)
        {
            var node = nodes[name];
            if (node.Op is not ("StatefulPartitionedCall" or "PartitionedCall"))
            {
                continue;
            }
            var captured = node.Input.Where(i => !i.StartsWith("^", StringComparison.Ordinal)).Select(GraphNames.NodeName)
                .FirstOrDefault(i => GraphNames.IsVariableOp(nodes[i].Op));
            if (captured is not null)
            {
                throw new FreezeException(
                    $"node '{name}' ({node.Op}) passes variable '{captured}' into a function: this is a TF2 graph whose variables are used inside functions,"
                    + " which convert_variables_to_constants cannot freeze (TensorFlow's convert_variables_to_constants_v2 can)",
                    file, name);
            }
        }
    }

    /// <summary>
    /// The data type behind every kept resource handle of a frozen VarHandleOp, including nodes
    /// that forward the handle; iterated to a fixed point because graphs with loops are not in
    /// topological order.
    /// </summary>
    private static Dictionary<string, DataType> ResourceTypes(Dictionary<string, NodeDef> nodes, HashSet<string> keep)
    {
        var types = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var name in keep)
        {
            var node = nodes[name];
            if (node.Op == "VarHandleOp" && node.Attr.TryGetValue("dtype", out var dtype))
            {
                types[name] = dtype.Type;
            }
        }
        bool changed;
        do
        {
            changed = false;
            foreach (var name in keep)
            {
                var node = nodes[name];
                if (types.ContainsKey(name) || !Forwarders.Contains(node.Op)
                    || !node.Attr.TryGetValue("T", out var t) || t.Type != DataType.DtResource)
                {
                    continue;
                }
                foreach (var input in node.Input.Where(i => !i.StartsWith("^", StringComparison.Ordinal)))
                {
                    if (types.TryGetValue(GraphNames.NodeName(input), out var source))
                    {
                        types[name] = source;
                        changed = true;
                        break;
                    }
                }
            }
        }
        while (changed);
        return types;
    }

    private static NodeDef ToConst(NodeDef variable, TensorProto value, string file)
    {
        if (!variable.Attr.TryGetValue("dtype", out var dtype))
        {
            throw new FreezeException($"variable op '{variable.Name}' has no dtype attribute", file, variable.Name);
        }
        var baseType = (DataType)((int)dtype.Type % 100);
        if (value.Dtype != baseType)
        {
            throw new FreezeException($"variable '{variable.Name}' is {baseType} in the graph but {value.Dtype} in the checkpoint", file, variable.Name);
        }
        var node = new NodeDef { Name = variable.Name, Op = "Const" };
        node.Attr["dtype"] = new AttrValue { Type = baseType };
        node.Attr["value"] = new AttrValue { Tensor = value };
        return node;
    }
}
