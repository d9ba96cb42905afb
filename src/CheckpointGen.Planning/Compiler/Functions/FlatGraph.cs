using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>The graph the compiler and the freezer work on: a TF2 meta graph's functions inlined and captured variables bound; a TF1 graph as it is.</summary>
internal static class FlatGraph
{
    /// <summary>The flat graph computing <paramref name="outputs"/> (tensor or node names).</summary>
    /// <exception cref="GraphCompileException">A function cannot be inlined (see <see cref="FunctionInliner.Inline"/>).</exception>
    public static GraphDef For(MetaGraphDef metaGraph, IEnumerable<string> outputs)
    {
        var graph = metaGraph.GraphDef ?? new GraphDef();
        return FunctionInliner.HasCalls(graph) ? FunctionInliner.Inline(CapturedVariables.Bind(metaGraph), outputs) : graph;
    }
}
