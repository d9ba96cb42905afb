namespace CheckpointGen.Runtime.Graphs;

/// <summary>What kind of file a <see cref="CheckpointGraph"/> was read from, which decides what it can tell.</summary>
public enum CheckpointGraphKind
{
    /// <summary>A MetaGraphDef (<c>model.ckpt-1000.meta</c>): graph, collections (variables, trainable variables), saver.</summary>
    MetaGraph,

    /// <summary>
    /// A SavedModel (<c>saved_model.pb</c> / <c>.pbtxt</c>): one of its meta graphs, with signatures
    /// and, for TF2, the object graph that names and classifies variables.
    /// </summary>
    SavedModel,

    /// <summary>A bare GraphDef (<c>graph.pbtxt</c>, a frozen <c>.pb</c>): nodes only, no collections or signatures.</summary>
    GraphDef,
}
