using System.Globalization;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>
/// Turns a graph whose outputs come from TF2 function calls (<c>PartitionedCall</c>,
/// <c>StatefulPartitionedCall</c>, or a library function used as an op) into one flat GraphDef
/// the graph compiler compiles: each call reached from the outputs is replaced by its body, the
/// body's nodes named <c>{call}/{node}</c>, its arguments wired to the call's inputs, attribute
/// placeholders filled from the call, and an <c>IdentityN</c> named after the call returning what
/// the function returns, so tensor names such as a signature's <c>StatefulPartitionedCall:0</c>
/// keep meaning the same value. Only what the returned values need is inlined: control outputs,
/// control inputs and the nodes only they reach (NoOp, DisableCopyOnRead, PrintV2, Assert, saving)
/// are side effects that do not change the outputs, and are dropped.
/// </summary>
internal sealed class FunctionInliner
{
    /// <summary>Calls nested deeper than this are refused: recursion, or a graph built to exhaust the stack.</summary>
    public const int MaxDepth = 32;

    /// <summary>Inlined graphs beyond this many nodes are refused: a small file calling one function many times over could otherwise grow without bound.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>
    /// Bytes of inlined nodes allowed beyond <see cref="MaxBytesPerSourceByte"/> times the source
    /// graph's: a function holding a large constant, called many times, must not copy it without bound.
    /// </summary>
    private const long BaseByteBudget = 64L << 20;

    private const long MaxBytesPerSourceByte = 16;

    private static readonly HashSet<string> CallOps = new(StringComparer.Ordinal) { "PartitionedCall", "StatefulPartitionedCall" };

    private readonly Dictionary<string, FunctionDef> _library = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeDef> _top = new(StringComparer.Ordinal);
    private readonly HashSet<string> _emittedNames = new(StringComparer.Ordinal);
    private readonly List<NodeDef> _emitted = new();
    private readonly long _byteBudget;
    private long _bytes;

    private FunctionInliner(GraphDef graph)
    {
        _byteBudget = BaseByteBudget + (MaxBytesPerSourceByte * graph.CalculateSize());
        foreach (var function in graph.Library?.Function ?? Enumerable.Empty<FunctionDef>())
        {
            if (function.Signature is { Name.Length: > 0 } signature)
            {
                _library.TryAdd(signature.Name, function);
            }
        }
        foreach (var node in graph.Node)
        {
            _top.TryAdd(node.Name, node);
        }
    }

    /// <summary>Whether <paramref name="graph"/> has calls of library functions the outputs may reach (a TF2 graph).</summary>
    public static bool HasCalls(GraphDef graph)
    {
        var functions = new HashSet<string>(graph.Library?.Function.Select(f => f.Signature?.Name ?? string.Empty) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        return graph.Node.Any(n => CallOps.Contains(n.Op) || functions.Contains(n.Op));
    }

    /// <summary>
    /// The flat graph: the top-level nodes with control inputs removed, each call the outputs reach
    /// through data inputs replaced by its body. Calls the outputs do not reach stay as they are.
    /// </summary>
    /// <param name="graph">The graph with its function library.</param>
    /// <param name="outputs">The tensors (<c>node</c> or <c>node:index</c>) the flat graph must compute.</param>
    /// <exception cref="GraphCompileException">A called function is missing, a reference dangles, an attribute placeholder has no value, or a limit is exceeded.</exception>
    public static GraphDef Inline(GraphDef graph, IEnumerable<string> outputs)
    {
        var inliner = new FunctionInliner(graph);
        var calls = inliner.ReachedCalls(outputs);
        foreach (var node in graph.Node)
        {
            if (calls.Contains(node.Name))
            {
                var inputs = Subgraph.DataInputs(node).Select(t => t.ToString()).ToArray();
                inliner.Expand(node, node.Name, inputs, depth: 1);
            }
            else
            {
                var copy = node.Clone();
                RemoveControlInputs(copy);
                inliner.Emit(copy);
            }
        }
        // The library is the source graph's, shared and never changed (a body's nodes are cloned as
        // they are inlined): each loop and branch inlines its functions from it again, and a copy per
        // function compiled cost milliseconds and megabytes for a Keras LSTM's library.
        var flat = new GraphDef { Versions = graph.Versions, Library = graph.Library };
        flat.Node.AddRange(inliner._emitted);
        return flat;
    }

    /// <summary>
    /// The top-level call nodes the outputs reach through data inputs. An output inside a function
    /// (<c>call/dense/Relu</c>, a name only the flat graph has) reaches the call its name starts with.
    /// </summary>
    private HashSet<string> ReachedCalls(IEnumerable<string> outputs)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(outputs.Select(o => TensorName.Parse(o)?.Node).OfType<string>().Select(EnclosingTopLevelNode));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !_top.TryGetValue(name, out var node))
            {
                continue;
            }
            if (IsCall(node))
            {
                calls.Add(name);
            }
            foreach (var input in Subgraph.DataInputs(node))
            {
                pending.Push(input.Node);
            }
        }
        return calls;
    }

    private string EnclosingTopLevelNode(string name)
    {
        for (var end = name.Length; end > 0; end = name.LastIndexOf('/', end - 1))
        {
            if (_top.ContainsKey(name.Substring(0, end)))
            {
                return name.Substring(0, end);
            }
        }
        return name;
    }

    private bool IsCall(NodeDef node) => CallOps.Contains(node.Op) || _library.ContainsKey(node.Op);

    /// <summary>Emits the body of the function <paramref name="call"/> calls, reading <paramref name="arguments"/> (flat tensor names), and the IdentityN named <paramref name="name"/> that returns its results.</summary>
    private void Expand(NodeDef call, string name, IReadOnlyList<string> arguments, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new GraphCompileException(GraphCompileException.InliningLimit,
                $"node '{name}' ({call.Op}) nests function calls deeper than {MaxDepth} levels (a recursive function, or a graph this version cannot inline)");
        }
        var (function, attributes) = Callee(call, name);
        var signature = function.Signature;
        var inputCount = ArgumentLists.Count(signature.InputArg, attributes, signature.Name);
        if (arguments.Count != inputCount)
        {
            throw new GraphCompileException(GraphCompileException.MissingInput,
                $"node '{name}' passes {arguments.Count} inputs to function '{signature.Name}', which takes {inputCount}");
        }
        var body = new Body(this, function, name, attributes);
        var next = 0;
        foreach (var input in signature.InputArg)
        {
            if (!ArgumentLists.IsList(input))
            {
                body.Values[input.Name] = arguments[next++];
                continue;
            }
            var elements = arguments.Skip(next).Take(ArgumentLists.Types(input, attributes, signature.Name).Length).ToArray();
            next += elements.Length;
            body.Lists[input.Name] = elements;
            for (var e = 0; e < elements.Length; e++)
            {
                body.Values[input.Name + ":" + e.ToString(CultureInfo.InvariantCulture)] = elements[e];
            }
        }
        var rets = signature.OutputArg.Select(output => function.Ret.TryGetValue(output.Name, out var ret) ? ret
            : throw new GraphCompileException(GraphCompileException.MissingInput, $"function '{signature.Name}' (called by node '{name}') returns nothing for its output '{output.Name}'")).ToArray();
        body.EmitNeeded(rets, depth);
        var results = new List<string>();
        var types = new List<DataType>();
        for (var i = 0; i < rets.Length; i++)
        {
            var output = signature.OutputArg[i];
            var outputTypes = ArgumentLists.Types(output, attributes, signature.Name);
            var resolved = ArgumentLists.IsList(output) ? body.ResolveList(rets[i], outputTypes.Length, $"output '{output.Name}'") : new[] { body.Resolve(rets[i], $"output '{output.Name}'") };
            results.AddRange(resolved);
            types.AddRange(outputTypes);
        }
        var identity = new NodeDef { Name = name, Op = "IdentityN" };
        identity.Input.AddRange(results);
        identity.Attr["T"] = new AttrValue { List = new AttrValue.Types.ListValue() };
        identity.Attr["T"].List.Type.AddRange(types);
        Emit(identity);
    }

    /// <summary>The function a call node runs and the attribute values its body's placeholders take.</summary>
    private (FunctionDef Function, IDictionary<string, AttrValue> Attributes) Callee(NodeDef call, string name)
    {
        string functionName;
        IDictionary<string, AttrValue> attributes;
        if (CallOps.Contains(call.Op))
        {
            if (!call.Attr.TryGetValue("f", out var f) || f.Func is not { } func)
            {
                throw new GraphCompileException(GraphCompileException.MissingInput, $"node '{name}' ({call.Op}) has no function attribute 'f'");
            }
            functionName = func.Name;
            attributes = func.Attr;
        }
        else
        {
            functionName = call.Op;
            attributes = call.Attr;
        }
        if (!_library.TryGetValue(functionName, out var function))
        {
            throw new GraphCompileException(GraphCompileException.MissingInput, $"node '{name}' ({call.Op}) calls function '{functionName}', which the graph's library does not define");
        }
        return (StandardImplementation(function), attributes);
    }

    /// <summary>
    /// The CPU implementation of what <paramref name="function"/> implements. Keras saves an LSTM or
    /// GRU twice, a CuDNN path and a generic one, tagged with the same <c>api_implements</c> (older
    /// versions: <c>_api_implements</c>) and their <c>api_preferred_device</c>; TensorFlow's
    /// implementation selector swaps the call to the one for the device it runs on. Generated code
    /// runs on the CPU: always the generic one (the function itself when it is, or when it has no twin).
    /// </summary>
    private FunctionDef StandardImplementation(FunctionDef function)
    {
        var implements = Tag(function, "api_implements");
        if (implements.Length == 0 || Tag(function, "api_preferred_device") == "CPU")
        {
            return function;
        }
        return _library.Values
            .Where(f => Tag(f, "api_implements") == implements && Tag(f, "api_preferred_device") == "CPU")
            .OrderBy(f => f.Signature.Name, StringComparer.Ordinal)
            .FirstOrDefault() ?? function;
    }

    private static string Tag(FunctionDef function, string name) =>
        function.Attr.TryGetValue(name, out var value) || function.Attr.TryGetValue("_" + name, out value) ? value.S.ToStringUtf8() : string.Empty;

    private void Emit(NodeDef node)
    {
        if (_emitted.Count >= MaxNodes)
        {
            throw new GraphCompileException(GraphCompileException.InliningLimit, $"inlining the functions the outputs need makes a graph of more than {MaxNodes:N0} nodes");
        }
        _bytes += node.CalculateSize();
        if (_bytes > _byteBudget)
        {
            throw new GraphCompileException(GraphCompileException.InliningLimit, $"inlining the functions the outputs need makes a graph of more than {_byteBudget:N0} bytes (at node '{node.Name}')");
        }
        if (!_emittedNames.Add(node.Name))
        {
            throw new GraphCompileException(GraphCompileException.MissingInput, $"the inlined graph would have two nodes named '{node.Name}' (a function body node named like a node of the graph)");
        }
        _emitted.Add(node);
    }

    private static void RemoveControlInputs(NodeDef node)
    {
        for (var i = node.Input.Count - 1; i >= 0; i--)
        {
            if (node.Input[i].StartsWith("^", StringComparison.Ordinal))
            {
                node.Input.RemoveAt(i);
            }
        }
    }

    /// <summary>One call's body being inlined: the flat name of every body tensor it has resolved.</summary>
    private sealed class Body
    {
        private readonly FunctionInliner _inliner;
        private readonly FunctionDef _function;
        private readonly string _prefix;
        private readonly IDictionary<string, AttrValue> _attributes;
        private readonly Dictionary<string, NodeDef> _nodes = new(StringComparer.Ordinal);
        /// <summary>Body node → its flat name (an IdentityN's for an inlined call).</summary>
        private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);

        /// <summary>Unknown ops must be read through one output argument name; the first one seen per node.</summary>
        private readonly Dictionary<string, string> _argumentNames = new(StringComparer.Ordinal);

        public Body(FunctionInliner inliner, FunctionDef function, string prefix, IDictionary<string, AttrValue> attributes)
        {
            _inliner = inliner;
            _function = function;
            _prefix = prefix;
            _attributes = attributes;
            foreach (var node in function.NodeDef)
            {
                _nodes.TryAdd(node.Name, node);
            }
        }

        /// <summary>Argument name → the flat tensor it is bound to (element i of a list argument <c>x</c> as <c>x:i</c>).</summary>
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>List argument name → the flat tensors of its elements.</summary>
        public Dictionary<string, string[]> Lists { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// The <paramref name="count"/> flat tensors a list result names: a list argument, the
        /// output argument <c>node:arg</c> whole, or, for one tensor, any single reference.
        /// </summary>
        public string[] ResolveList(string reference, int count, string user)
        {
            if (Lists.TryGetValue(reference, out var elements))
            {
                return elements.Length == count ? elements : throw Mismatch(reference, elements.Length, count, user);
            }
            var parts = reference.Split(':');
            if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return Enumerable.Range(0, count).Select(e => Resolve(reference + ":" + e.ToString(CultureInfo.InvariantCulture), user)).ToArray();
            }
            return count == 1 ? new[] { Resolve(reference, user) } : throw Mismatch(reference, 1, count, user);
        }

        private GraphCompileException Mismatch(string reference, int has, int count, string user) =>
            new(GraphCompileException.MissingInput, $"{user} of function '{_function.Signature.Name}' (inlined at '{_prefix}') reads '{reference}', {has} tensors where the signature has {count}");

        /// <summary>The flat tensor a body reference (<c>arg</c> or <c>node:output_arg:index</c>) names; its node is emitted already.</summary>
        public string Resolve(string reference, string user)
        {
            var parts = reference.Split(':');
            if (Values.TryGetValue(reference, out var bound))
            {
                return bound;
            }
            if (parts.Length == 1)
            {
                return _resolved.TryGetValue(reference, out var node) ? node : throw Dangling(reference, user);
            }
            if ((parts.Length != 3 && parts.Length != 2) || !_resolved.TryGetValue(parts[0], out var producer)
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw Dangling(reference, user);
            }
            if (parts.Length == 2)
            {
                return Tensor(producer, index);
            }
            var original = _nodes[parts[0]];
            if (_inliner.IsCall(original))
            {
                var callee = CallOps.Contains(original.Op) ? null : _inliner._library[original.Op].Signature;
                return Tensor(producer, OutputArgs.FlatIndex(WithAttributes(original), callee, parts[1], index) ?? throw Dangling(reference, user));
            }
            if (!OutputArgs.IsKnown(original.Op) && _argumentNames.TryGetValue(parts[0], out var seen) && seen != parts[1])
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp,
                    $"function '{_function.Signature.Name}' (inlined at '{_prefix}') reads node '{parts[0]}' ({original.Op}) through its outputs '{seen}' and '{parts[1]}'; this version does not know how {original.Op}'s outputs are laid out");
            }
            _argumentNames.TryAdd(parts[0], parts[1]);
            return Tensor(producer, OutputArgs.FlatIndex(WithAttributes(original), null, parts[1], index) ?? throw Dangling(reference, user));
        }

        private static string Tensor(string node, int index) =>
            index == 0 ? node : node + ":" + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Emits the body nodes <paramref name="references"/> need, inputs first. The walk is
        /// iterative: a function body of 100,000 nodes in a chain must not overflow the stack.
        /// </summary>
        public void EmitNeeded(IEnumerable<string> references, int depth)
        {
            var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
            foreach (var root in references.Select(NodeOf).OfType<string>())
            {
                if (state.ContainsKey(root) || !_nodes.ContainsKey(root))
                {
                    continue;
                }
                var stack = new Stack<(string Name, IEnumerator<string> Inputs)>();
                state[root] = false;
                stack.Push((root, DataInputs(root).GetEnumerator()));
                while (stack.Count > 0)
                {
                    var (name, inputs) = stack.Peek();
                    if (!inputs.MoveNext())
                    {
                        stack.Pop();
                        state[name] = true;
                        EmitNode(name, depth);
                        continue;
                    }
                    if (NodeOf(inputs.Current) is not { } input || !_nodes.ContainsKey(input))
                    {
                        continue;
                    }
                    if (state.TryGetValue(input, out var done))
                    {
                        if (!done)
                        {
                            throw new GraphCompileException(GraphCompileException.Cycle, $"function '{_function.Signature.Name}' (inlined at '{_prefix}') has a cycle through node '{input}'");
                        }
                        continue;
                    }
                    state[input] = false;
                    stack.Push((input, DataInputs(input).GetEnumerator()));
                }
            }
        }

        private IEnumerable<string> DataInputs(string node) => _nodes[node].Input.Where(i => !i.StartsWith("^", StringComparison.Ordinal));

        /// <summary>The body node a reference reads; null for an argument.</summary>
        private string? NodeOf(string reference)
        {
            var colon = reference.IndexOf(':');
            return colon >= 0 ? reference.Substring(0, colon) : Values.ContainsKey(reference) || Lists.ContainsKey(reference) ? null : reference;
        }

        private void EmitNode(string name, int depth)
        {
            var original = _nodes[name];
            var inputs = DataInputs(name).SelectMany(i => Lists.TryGetValue(i, out var elements) ? elements : new[] { Resolve(i, $"node '{name}'") }).ToList();
            var flatName = _prefix + "/" + name;
            if (_inliner.IsCall(original))
            {
                _inliner.Expand(WithAttributes(original), flatName, inputs, depth + 1);
                _resolved[name] = flatName;
                return;
            }
            RejectReadAfterWrite(original);
            var emitted = WithAttributes(original);
            emitted.Name = flatName;
            emitted.Input.Clear();
            emitted.Input.AddRange(inputs);
            _inliner.Emit(emitted);
            _resolved[name] = flatName;
        }

        /// <summary>
        /// Control inputs only order side effects, and dropping them is right for those that do not
        /// change outputs; a read that TensorFlow orders after a write of a variable (automatic
        /// control dependencies) would read the written value, which a checkpoint-bound program cannot.
        /// </summary>
        private void RejectReadAfterWrite(NodeDef node)
        {
            if (node.Op != "ReadVariableOp")
            {
                return;
            }
            foreach (var control in node.Input.Where(i => i.StartsWith("^", StringComparison.Ordinal)))
            {
                if (_nodes.TryGetValue(control.Substring(1), out var writer) && writer.Op is "AssignVariableOp" or "AssignAddVariableOp" or "AssignSubVariableOp")
                {
                    throw new GraphCompileException(GraphCompileException.UnsupportedOp,
                        $"node '{node.Name}' (ReadVariableOp) of function '{_function.Signature.Name}' (inlined at '{_prefix}') reads a variable after '{writer.Name}' ({writer.Op}) writes it; this version binds variables to their checkpoint values and cannot run state updates");
                }
            }
        }

        /// <summary>A copy of a body node with attribute placeholders (<c>$T</c>-style, set by the call) replaced by the call's values.</summary>
        private NodeDef WithAttributes(NodeDef node)
        {
            var copy = node.Clone();
            foreach (var (key, value) in node.Attr)
            {
                if (value.ValueCase == AttrValue.ValueOneofCase.Placeholder)
                {
                    copy.Attr[key] = _attributes.TryGetValue(value.Placeholder, out var bound) ? bound.Clone()
                        : throw new GraphCompileException(GraphCompileException.MissingInput,
                            $"node '{node.Name}' of function '{_function.Signature.Name}' (inlined at '{_prefix}') takes attribute '{key}' from '{value.Placeholder}', which the call does not set");
                }
            }
            return copy;
        }

        private GraphCompileException Dangling(string reference, string user) =>
            new(GraphCompileException.MissingInput, $"{user} of function '{_function.Signature.Name}' (inlined at '{_prefix}') reads '{reference}', which is neither an argument nor an output of a node of the function");
    }
}
