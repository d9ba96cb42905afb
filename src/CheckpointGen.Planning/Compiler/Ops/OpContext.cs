using System.Globalization;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Functions;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>What an op's compiler sees of one node: its inputs as symbols, its attributes, the program so far.</summary>
internal sealed class OpContext
{
    public OpContext(NodeDef node, Symbol[] inputs, ProgramBuilder program, Subgraph graph, ISet<TensorName> requested, VariableBinder bind, FunctionBodies functions)
    {
        Functions = functions;
        Node = node;
        Inputs = inputs;
        Program = program;
        Graph = graph;
        Requested = requested;
        Bind = bind;
    }

    public NodeDef Node { get; }

    public Symbol[] Inputs { get; }

    public ProgramBuilder Program { get; }

    public Subgraph Graph { get; }

    /// <summary>The tensors the program returns: never fused away.</summary>
    public ISet<TensorName> Requested { get; }

    public VariableBinder Bind { get; }

    /// <summary>Compiles the library functions a loop or branch runs into the program.</summary>
    public FunctionBodies Functions { get; }

    public Symbol Input(int index) => index < Inputs.Length
        ? Inputs[index]
        : throw Fail(GraphCompileException.MissingInput, $"has {Inputs.Length} data inputs; {Node.Op} needs at least {index + 1}");

    public bool Has(string attribute) => Node.Attr.ContainsKey(attribute);

    public long Int(string attribute, long fallback) => Node.Attr.TryGetValue(attribute, out var v) ? v.I : fallback;

    public float Float(string attribute, float fallback) => Node.Attr.TryGetValue(attribute, out var v) ? v.F : fallback;

    public bool Bool(string attribute) => Node.Attr.TryGetValue(attribute, out var v) && v.B;

    public string String(string attribute, string fallback) => Node.Attr.TryGetValue(attribute, out var v) ? v.S.ToStringUtf8() : fallback;

    public long[] Ints(string attribute) => Node.Attr.TryGetValue(attribute, out var v) && v.List is not null ? v.List.I.ToArray() : Array.Empty<long>();

    /// <summary>A constant input's integer values (axes, shapes, permutations).</summary>
    public long[] ConstantInts(int index, string what)
    {
        var s = Input(index);
        if (s.Ints is { } ints)
        {
            return ints;
        }
        if (s.Floats is { } floats)
        {
            return floats.Select(f => (long)f).ToArray();
        }
        throw Fail(GraphCompileException.UnsupportedOp, $"input {index} ({what}) must be known at build time; it is computed at run time");
    }

    /// <summary>A constant scalar input (an axis, a bound): one value, or the node's error.</summary>
    public long ConstantInt(int index, string what) => ConstantInts(index, what) is [var value]
        ? value
        : throw Fail(GraphCompileException.BadShape, $"input {index} ({what}) must be a single value; it has {ConstantInts(index, what).Length}");

    /// <summary>Whether the tensor this node reads as input <paramref name="index"/> is read by it alone and not returned, so its producer may be fused.</summary>
    public bool SoleReader(int index)
    {
        var name = Subgraph.DataInputs(Node).ElementAt(index);
        return Graph.Uses.TryGetValue(name, out var uses) && uses == 1 && !Requested.Contains(name);
    }

    /// <summary>The error for this node: names it, its op and the chain to the output.</summary>
    public GraphCompileException Fail(string code, string message) =>
        new(code, $"node '{Node.Name}' ({Node.Op}) {message}; chain to the output: {Graph.ChainFrom(Node.Name)}");

    public static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The checkpoint value of a variable by its name in the graph (the Saver's name); null when the checkpoint has none.</summary>
internal delegate (float[] Values, long[] Dims)? VariableBinder(string variableName);
