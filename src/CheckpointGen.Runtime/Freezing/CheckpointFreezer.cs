using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;
using Google.Protobuf;

namespace CheckpointGen.Runtime;

/// <summary>
/// Freezes a checkpoint's graph as TensorFlow's <c>convert_variables_to_constants</c> does: the
/// meta graph beside the checkpoint (<c>P.meta</c>, or a SavedModel's) pruned to what the
/// outputs need, each variable a Const holding its checkpoint value. TF1 graphs only: a TF2
/// SavedModel keeps its variables inside functions, which this cannot freeze (the
/// <c>checkpointgen freeze</c> command inlines them first, with the graph compiler's inliner).
/// </summary>
/// <example>
/// <code>
/// using var checkpoint = Checkpoint.Open("models/mnist/model.ckpt-1000");
/// CheckpointFreezer.Freeze(checkpoint, new[] { "softmax" }).WriteTo("frozen.pb");
/// </code>
/// </example>
public static class CheckpointFreezer
{
    /// <summary>Freezes the graph, keeping what <paramref name="outputs"/> need.</summary>
    /// <param name="checkpoint">The checkpoint, opened with its graph (the default).</param>
    /// <param name="outputs">Node names (<c>softmax</c>) or tensor names (<c>softmax:0</c>) the frozen graph computes.</param>
    /// <param name="options">Which meta graph of a SavedModel; <see cref="FreezeOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the bytes of variable values read so far.</param>
    /// <exception cref="FreezeException">There is no graph, an output is not in it, an input dangles, a variable's value is missing or does not match, or variables live inside functions (TF2).</exception>
    /// <exception cref="CheckpointException">The graph or a tensor cannot be read.</exception>
    public static FrozenGraph Freeze(Checkpoint checkpoint, IReadOnlyList<string> outputs, FreezeOptions? options = null, IProgress<long>? progress = null)
    {
        if (checkpoint is null)
        {
            throw new ArgumentNullException(nameof(checkpoint));
        }
        if (outputs is null)
        {
            throw new ArgumentNullException(nameof(outputs));
        }
        return Freeze(checkpoint, outputs, null, options, progress, TopLevelGraph);
    }

    /// <summary>Freezes the graph, keeping what a signature's outputs need.</summary>
    /// <param name="checkpoint">The checkpoint, opened with its graph (the default).</param>
    /// <param name="signatureKey">The signature (<c>serving_default</c>, the default, or the only one there is).</param>
    /// <param name="options">Which meta graph of a SavedModel; <see cref="FreezeOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the bytes of variable values read so far.</param>
    /// <exception cref="FreezeException">No such signature, or the graph cannot be frozen (see <see cref="Freeze(Checkpoint, IReadOnlyList{string}, FreezeOptions?, IProgress{long}?)"/>).</exception>
    /// <exception cref="CheckpointException">The graph or a tensor cannot be read.</exception>
    public static FrozenGraph FreezeSignature(Checkpoint checkpoint, string? signatureKey = null, FreezeOptions? options = null, IProgress<long>? progress = null)
    {
        if (checkpoint is null)
        {
            throw new ArgumentNullException(nameof(checkpoint));
        }
        return Freeze(checkpoint, null, signatureKey, options, progress, TopLevelGraph);
    }

    /// <summary>
    /// Freezes the graph <paramref name="graphFor"/> makes of the meta graph for the outputs: the
    /// tool passes one that inlines TF2 functions (the inliner lives with the graph compiler,
    /// which this package does not carry).
    /// </summary>
    /// <param name="checkpoint">The checkpoint, opened with its graph.</param>
    /// <param name="outputs">The outputs; null to take those of the signature <paramref name="signatureKey"/>.</param>
    /// <param name="signatureKey">The signature; null for the default one.</param>
    /// <param name="options">Which meta graph of a SavedModel.</param>
    /// <param name="progress">Receives the bytes of variable values read so far.</param>
    /// <param name="graphFor">The graph to freeze, given the meta graph and the outputs.</param>
    internal static FrozenGraph Freeze(Checkpoint checkpoint, IReadOnlyList<string>? outputs, string? signatureKey, FreezeOptions? options, IProgress<long>? progress,
        Func<MetaGraphDef, IReadOnlyList<string>, GraphDef> graphFor)
    {
        var (metaGraph, path) = MetaGraphChoice.For(checkpoint, (options ?? FreezeOptions.Default).Tags);
        outputs ??= MetaGraphChoice.SignatureOutputs(metaGraph, signatureKey, path);
        var values = new VariableValues(checkpoint, path, progress);
        var frozen = GraphFreezer.Freeze(graphFor(metaGraph, outputs), outputs, values.ValueOf, path, out var variables);
        var described = variables.Select(v => values.Describe(v.Node, v.Key)).ToArray();
        return new FrozenGraph(frozen.ToByteArray(), frozen.Node.Count, outputs.ToArray(), described, path);
    }

    private static GraphDef TopLevelGraph(MetaGraphDef metaGraph, IReadOnlyList<string> outputs) => metaGraph.GraphDef ?? new GraphDef();
}
