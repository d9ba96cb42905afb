using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// The ops the compiler implements, by TensorFlow op name: each turns a node's input symbols into its
/// output symbols, folding what is known and emitting steps for the rest. An op may leave an output
/// it skips null when nothing reads it (a parse's unread features).
/// </summary>
internal static class OpTable
{
    private static readonly Dictionary<string, Func<OpContext, Symbol[]>> Ops = Build();

    public static bool TryGet(string op, out Func<OpContext, Symbol[]> compile) => Ops.TryGetValue(op, out compile!);

    /// <summary>Every op name, for docs and <c>checkpointgen graph</c>.</summary>
    public static IEnumerable<string> Names => Ops.Keys.OrderBy(k => k, StringComparer.Ordinal);

    private static Dictionary<string, Func<OpContext, Symbol[]>> Build()
    {
        var table = new Dictionary<string, Func<OpContext, Symbol[]>>(StringComparer.Ordinal);
        SourceOps.Register(table);
        ElementwiseOps.Register(table);
        MatrixOps.Register(table);
        StructureOps.Register(table);
        LayoutOps.Register(table);
        SliceOps.Register(table);
        ConvolutionOps.Register(table);
        NormalizationOps.Register(table);
        ComparisonOps.Register(table);
        ArgReductionOps.Register(table);
        CounterOps.Register(table);
        ControlFlowOps.Register(table);
        TensorListOps.Register(table);
        GatherOps.Register(table);
        ExampleOps.Register(table);
        TransposedConvolutionOps.Register(table);
        ResizeOps.Register(table);
        MathOps.Register(table);
        LayerNormOps.Register(table);
        SequenceOps.Register(table);
        EinsumOps.Register(table);
        return table;
    }
}
