using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Planning.Compiler.Ops;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>
/// Compiles the library function a loop's condition or body, or a branch, runs, into the program
/// at the point where it runs: the function is inlined by <see cref="FunctionInliner"/> (its own
/// calls flattened, names <c>{node}/{attribute}/{body node}</c>), its arguments bound to the
/// symbols the caller passes (constants stay constants and fold inside), and compiled by the same
/// node loop as the top-level graph. Each loop and branch compiles its functions once: a loop
/// stays a loop, never an unrolled copy.
/// </summary>
internal sealed class FunctionBodies
{
    private readonly GraphDef _graph;
    private readonly VariableBinder _bind;
    private readonly ProgramBuilder _program;
    private readonly Dictionary<string, FunctionDef> _library = new(StringComparer.Ordinal);
    private int _depth;
    private int _nodes;

    public FunctionBodies(GraphDef graph, VariableBinder bind, ProgramBuilder program)
    {
        _graph = graph;
        _bind = bind;
        _program = program;
        foreach (var function in graph.Library?.Function ?? Enumerable.Empty<FunctionDef>())
        {
            if (function.Signature is { Name.Length: > 0 } signature)
            {
                _library.TryAdd(signature.Name, function);
            }
        }
    }

    /// <summary>The function <paramref name="ctx"/>'s node names in its attribute <paramref name="attribute"/>.</summary>
    /// <exception cref="GraphCompileException">The attribute is missing, or names no function of the library (CG1042).</exception>
    public (FunctionDef Function, NameAttrList Call) Named(OpContext ctx, string attribute)
    {
        if (!ctx.Node.Attr.TryGetValue(attribute, out var value) || value.Func is not { Name.Length: > 0 } call)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"has no function in its '{attribute}' attribute");
        }
        return (Function(ctx, attribute, call), call);
    }

    /// <summary>The library function <paramref name="call"/> names, which <paramref name="ctx"/>'s node runs as its <paramref name="role"/>.</summary>
    /// <exception cref="GraphCompileException">The library does not define it (CG1042).</exception>
    public FunctionDef Function(OpContext ctx, string role, NameAttrList call) =>
        _library.TryGetValue(call.Name, out var function)
            ? function
            : throw ctx.Fail(GraphCompileException.MissingInput, $"runs '{call.Name}' as its {role}, which the graph's library does not define");

    /// <summary>
    /// Compiles the function in <paramref name="ctx"/>'s attribute <paramref name="attribute"/> on
    /// <paramref name="arguments"/> into the program's current position; returns its results.
    /// </summary>
    /// <exception cref="GraphCompileException">The function is missing, takes another number of arguments, cannot be compiled, or a limit is exceeded.</exception>
    public Symbol[] Compile(OpContext ctx, string attribute, Symbol[] arguments) => Compile(ctx, attribute, Named(ctx, attribute).Call, arguments);

    /// <summary>Compiles the function <paramref name="call"/> names, run as <paramref name="ctx"/>'s <paramref name="role"/> (its nodes named <c>{node}/{role}/…</c>).</summary>
    /// <exception cref="GraphCompileException">The function is missing, takes another number of arguments, cannot be compiled, or a limit is exceeded.</exception>
    public Symbol[] Compile(OpContext ctx, string role, NameAttrList call, Symbol[] arguments)
    {
        var function = Function(ctx, role, call);
        var signature = function.Signature;
        var inputCount = ArgumentLists.Count(signature.InputArg, call.Attr, signature.Name);
        if (arguments.Length != inputCount)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"passes {arguments.Length} values to its {role} '{signature.Name}', which takes {inputCount}");
        }
        if (_depth >= FunctionInliner.MaxDepth)
        {
            throw ctx.Fail(GraphCompileException.ControlFlowLimit, $"runs functions nested more than {FunctionInliner.MaxDepth} deep in loops and branches (a recursive function, or a graph this version cannot compile)");
        }
        var prefix = ctx.Node.Name + "/" + role;
        var graph = new GraphDef { Versions = _graph.Versions, Library = _graph.Library };
        var callNode = new NodeDef { Name = prefix, Op = "PartitionedCall" };
        callNode.Attr["f"] = new AttrValue { Func = call };
        var fed = new TensorName[arguments.Length];
        var symbols = new Dictionary<TensorName, Symbol>();
        for (var i = 0; i < arguments.Length; i++)
        {
            // '#' never occurs in TensorFlow node names: an argument cannot clash with a body node.
            var argument = new NodeDef { Name = $"{prefix}/#{i}", Op = "Placeholder" };
            graph.Node.Add(argument);
            callNode.Input.Add(argument.Name);
            fed[i] = new TensorName(argument.Name, 0);
            symbols[fed[i]] = arguments[i];
        }
        graph.Node.Add(callNode);
        var outputs = Enumerable.Range(0, OutputCount(function, call)).Select(j => new TensorName(prefix, j)).ToArray();
        var flat = FunctionInliner.Inline(graph, outputs.Select(o => o.ToString()));
        _nodes += flat.Node.Count;
        if (_nodes > FunctionInliner.MaxNodes)
        {
            throw ctx.Fail(GraphCompileException.ControlFlowLimit, $"compiles loop and branch functions of more than {FunctionInliner.MaxNodes:N0} nodes in all");
        }
        var sub = Subgraph.Select(flat, outputs, fed);
        _depth++;
        try
        {
            GraphCompiler.CompileNodes(sub, symbols, _program, new HashSet<TensorName>(outputs), _bind, this);
        }
        finally
        {
            _depth--;
            _program.Fail = ctx.Fail;
        }
        return outputs.Select(o => symbols.TryGetValue(o, out var s) ? s
            : throw ctx.Fail(GraphCompileException.MissingInput, $"gets no value for output {o.Index} of its {role} '{signature.Name}'")).ToArray();
    }

    /// <summary>The tensors <paramref name="function"/> returns when run as <paramref name="call"/> says (its list results expanded).</summary>
    /// <exception cref="GraphCompileException">A list result's count or types are not set by the call.</exception>
    public static int OutputCount(FunctionDef function, NameAttrList call) => ArgumentLists.Count(function.Signature.OutputArg, call.Attr, function.Signature.Name);

    /// <summary>
    /// Whether the body function returns its argument <paramref name="index"/> unchanged (through
    /// Identity nodes): a loop variable TensorFlow passes through every iteration (captured weights,
    /// the iteration limit), which the loop need not carry.
    /// </summary>
    public static bool ReturnsArgument(FunctionDef body, int index)
    {
        var signature = body.Signature;
        // With list arguments the index is not an argument's: such a value is simply carried.
        if (signature.InputArg.Any(ArgumentLists.IsList) || signature.OutputArg.Any(ArgumentLists.IsList)
            || index >= signature.InputArg.Count || index >= signature.OutputArg.Count || !body.Ret.TryGetValue(signature.OutputArg[index].Name, out var reference))
        {
            return false;
        }
        var nodes = body.NodeDef.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var steps = 0; steps <= nodes.Count; steps++)
        {
            var node = reference.Split(':')[0];
            if (node == signature.InputArg[index].Name && !reference.Contains(':'))
            {
                return true;
            }
            if (!nodes.TryGetValue(node, out var def) || def.Op is not ("Identity" or "Snapshot") || def.Input.Count == 0 || def.Input[0].StartsWith("^", StringComparison.Ordinal))
            {
                return false;
            }
            reference = def.Input[0];
        }
        return false;
    }
}
