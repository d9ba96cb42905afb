using CheckpointGen.Protos;
using CheckpointGen.Runtime.Freezing;
using Google.Protobuf;

namespace CheckpointGen.Runtime;

/// <summary>
/// Freezes a checkpoint's graph as TensorFlow's <c>convert_variables_to_constants</c> does: the
/// meta graph beside the checkpoint (<c>P.meta</c>, or a SavedModel's) pruned to what the
/// outputs need, each variable a Const holding its checkpoint value. TF1 graphs only: a TF2
/// SavedModel keeps its variables inside functions, which this cannot freeze.
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
        var (metaGraph, path) = MetaGraphChoice.For(checkpoint, (options ?? FreezeOptions.Default).Tags);
        return Freeze(checkpoint, metaGraph, path, outputs, progress);
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
        var (metaGraph, path) = MetaGraphChoice.For(checkpoint, (options ?? FreezeOptions.Default).Tags);
        return Freeze(checkpoint, metaGraph, path, MetaGraphChoice.SignatureOutputs(metaGraph, signatureKey, path), progress);
    }

    private static FrozenGraph Freeze(Checkpoint checkpoint, MetaGraphDef metaGraph, string path, IReadOnlyList<string> outputs, IProgress<long>? progress)
    {
        var values = new VariableValues(checkpoint, path, progress);
        var frozen = GraphFreezer.Freeze(metaGraph.GraphDef ?? new GraphDef(), outputs, values.ValueOf, path, out var variables);
        var described = variables.Select(v => values.Describe(v.Node, v.Key)).ToArray();
        return new FrozenGraph(frozen.ToByteArray(), frozen.Node.Count, outputs.ToArray(), described, path);
    }
}
