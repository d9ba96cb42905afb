using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Functions;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Planning.Compiler.Ops;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler;

/// <summary>
/// Compiles the part of a GraphDef that computes the requested outputs into a <see cref="PlanProgram"/>:
/// prune to what the outputs need (cut at fed tensors), bind variables to checkpoint values, infer
/// every shape, fold what is known at build time, fuse GEMM epilogues, and plan the buffers.
/// </summary>
internal static class GraphCompiler
{
    /// <param name="graph">The graph (frozen, meta graph's, or a SavedModel's).</param>
    /// <param name="request">What to compile.</param>
    /// <param name="bind">Checkpoint values of variables by name.</param>
    /// <param name="storeWeight">Stores a constant the program reads at run time (name, values, dims) and returns its plan tensor index, or -1 to have it printed into the generated code.</param>
    /// <exception cref="GraphCompileException">The graph cannot be compiled; the message names the node, op and chain.</exception>
    public static PlanProgram Compile(GraphDef graph, ProgramRequest request, VariableBinder bind, Func<string, float[], long[], int> storeWeight)
    {
        var outputs = request.Outputs.Select(o => Parse(o.Tensor)).ToArray();
        var inputs = request.Inputs.Count > 0 ? request.Inputs : ReachedPlaceholders(graph, outputs);
        var fed = inputs.Select(i => Parse(i.Tensor)).ToArray();
        var nodes = graph.Node.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var f in fed)
        {
            if (!nodes.ContainsKey(f.Node))
            {
                throw new GraphCompileException(GraphCompileException.MissingInput, $"the input '{f}' names no node of the graph");
            }
        }
        var sub = Subgraph.Select(graph, outputs, fed);
        var program = new ProgramBuilder();
        var symbols = new Dictionary<TensorName, Symbol>();
        var parameterNames = ParameterNames.For(inputs.Select(i => i.Key).Concat(request.Outputs.Select(o => o.Key)));
        var parameters = new List<(string, string, int, string)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var dims = InputDims(inputs[i], fed[i], nodes[fed[i].Node]);
            var symbol = SourceOps.Parameter(program, InputDType(fed[i], nodes[fed[i].Node]), dims, i);
            symbols[fed[i]] = symbol;
            parameters.Add((parameterNames[i], fed[i].ToString(), symbol.Value, inputs[i].Key));
        }
        CompileNodes(sub, symbols, program, new HashSet<TensorName>(outputs), bind, new FunctionBodies(graph, bind, program));
        var results = new List<(string, string, int, string)>();
        for (var o = 0; o < outputs.Length; o++)
        {
            if (!symbols.TryGetValue(outputs[o], out var symbol))
            {
                throw new GraphCompileException(GraphCompileException.MissingInput, $"the output '{outputs[o]}' is not produced by node '{outputs[o].Node}'");
            }
            if (symbol.DType == ProgramDTypes.String)
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp, $"the output '{outputs[o]}' is a string tensor; this version returns float32, int32, int64 and bool tensors");
            }
            if (symbol.IsSpecial)
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp, $"node '{outputs[o].Node}' gives the output '{outputs[o]}' as {(symbol.List is not null ? "a TensorList" : symbol.Groups > 0 ? "a [1, batch·N, C, 1] reshape" : "a time-major sequence (batch second)")}; a program returns tensors, and the batch must stay first (transpose a sequence back in the graph)");
            }
            results.Add((parameterNames[inputs.Count + o], outputs[o].ToString(), program.ValueOf(symbol, outputs[o].Node), request.Outputs[o].Key));
        }
        var stored = program.Weights.Select(w => storeWeight(w.Name, w.Values, w.Dims)).ToArray();
        return program.Build(request.Method, request.SignatureKey, parameters, results, i => stored[i]);
    }

    /// <summary>
    /// Compiles <paramref name="sub"/>'s nodes in order into <paramref name="program"/>: each node's
    /// output symbols join <paramref name="symbols"/>, which holds the fed tensors' on entry. The one
    /// loop the top-level graph and the bodies of loops and branches are compiled by.
    /// </summary>
    internal static void CompileNodes(Subgraph sub, Dictionary<TensorName, Symbol> symbols, ProgramBuilder program, ISet<TensorName> requested, VariableBinder bind, FunctionBodies functions)
    {
        foreach (var node in sub.Order)
        {
            if (!OpTable.TryGet(node.Op, out var compile))
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp,
                    $"node '{node.Name}' has the op {node.Op}, which this version cannot compile; chain to the output: {sub.ChainFrom(node.Name)}");
            }
            var args = Subgraph.DataInputs(node).Select(t => symbols.TryGetValue(t, out var s) ? s
                : throw new GraphCompileException(GraphCompileException.MissingInput, $"node '{node.Name}' ({node.Op}) reads '{t}', which its producer does not output; chain to the output: {sub.ChainFrom(node.Name)}")).ToArray();
            if (args.Any(a => a.DType == ProgramDTypes.String) && !ExampleOps.StringReaders.Contains(node.Op))
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp,
                    $"node '{node.Name}' ({node.Op}) reads a string tensor; this version reads strings only as serialized tf.Examples parsed by ParseExample/ParseExampleV2 (through Identity); chain to the output: {sub.ChainFrom(node.Name)}");
            }
            var context = new OpContext(node, args, program, sub, requested, bind, functions);
            program.Fail = context.Fail;
            if (args.Any(a => a.IsSpecial) && !TensorListOps.ReadsSpecial(node.Op, args))
            {
                throw context.Fail(GraphCompileException.UnsupportedOp, args.Any(a => a.Groups > 0) ? LayerNormOps.GroupedReaderError
                    : $"reads {(args.First(a => a.IsSpecial).List is not null ? "a TensorList" : "a time-major sequence (batch second)")}, which this version passes to the TensorList ops, loops, Transpose [1, 0, …], one-step StridedSlice and Shape only");
            }
            var produced = compile(context);
            for (var o = 0; o < produced.Length; o++)
            {
                if (produced[o] is not null && !symbols.ContainsKey(new TensorName(node.Name, o)))
                {
                    symbols[new TensorName(node.Name, o)] = produced[o];
                }
            }
        }
    }

    private static TensorName Parse(string tensor) =>
        TensorName.Parse(tensor) ?? throw new GraphCompileException(GraphCompileException.MissingInput, $"'{tensor}' is a control dependency, not a tensor");

    private static IReadOnlyList<ProgramTensor> ReachedPlaceholders(GraphDef graph, TensorName[] outputs)
    {
        var unfed = Subgraph.Select(graph, outputs, Array.Empty<TensorName>());
        return unfed.Order.Where(n => n.Op == "Placeholder").Select(n => new ProgramTensor(n.Name, n.Name)).ToArray();
    }

    /// <summary>
    /// A fed tensor's dtype: a Placeholder's <c>dtype</c>, else the producer's <c>T</c> (Identity,
    /// the ops a signature usually cuts at), else float32; string is serialized examples; one a program cannot compute with is the input's error.
    /// </summary>
    private static string InputDType(TensorName name, NodeDef node)
    {
        var type = node.Attr.TryGetValue("dtype", out var d) ? d.Type : node.Attr.TryGetValue("T", out var t) ? t.Type : DataType.DtFloat;
        if (type == DataType.DtString)
        {
            // Serialized tf.Examples (a regress/classify signature's input): only a parse may read them.
            return ProgramDTypes.String;
        }
        return RuntimeDTypes.Of(type)
            ?? throw new GraphCompileException(GraphCompileException.UnsupportedOp, $"the input '{name}' is {DTypes.NameOf((int)type) ?? type.ToString()}; this version feeds float32, int32, int64 and bool tensors, and serialized tf.Examples (string) to ParseExample");
    }

    private static long[] InputDims(ProgramTensor input, TensorName name, NodeDef node)
    {
        // A fed tensor of unknown rank (a Placeholder without a shape, a signature input like
        // half_plus_two's x) is taken as a vector whose length is the batch: exact for the
        // elementwise graphs that leave it unshaped; an op that needs a rank then fails at build
        // time naming itself.
        long[] dims = input.Dims
            ?? (node.Op is "Placeholder" or "PlaceholderWithDefault" && node.Attr.TryGetValue("shape", out var shape) && shape.Shape is { UnknownRank: false } s
                ? s.Dim.Select(d => d.Size).ToArray()
                : new[] { PlanValue.Batch });
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 && i > 0)
            {
                throw new GraphCompileException(GraphCompileException.BadShape, $"the input '{name}' has shape [{string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString()))}]; this version needs every dimension but the first (the batch) known");
            }
            if (dims[i] > Shapes.MaxElements)
            {
                throw new GraphCompileException(GraphCompileException.BadShape, $"the input '{name}' has the absurd dimension {dims[i]}");
            }
        }
        return dims.Select((d, i) => d < 0 ? PlanValue.Batch : d).ToArray();
    }
}
