namespace CheckpointGen.Runtime;

/// <summary>What a variable is for, which decides whether generated code and pruning keep it.</summary>
public enum VariableKind
{
    /// <summary>A model weight the graph marks trainable (kernels, biases, embeddings).</summary>
    Trainable,

    /// <summary>
    /// A model weight that is not trainable (batch-norm moving statistics), or one whose
    /// trainability no graph records.
    /// </summary>
    Model,

    /// <summary>Optimizer state: slot variables (Adam m/v, Momentum, Adagrad, Ftrl), beta powers, iteration counters, learning rates.</summary>
    Optimizer,

    /// <summary>Training bookkeeping: <c>global_step</c>, <c>save_counter</c>, the object graph, metric accumulators.</summary>
    Bookkeeping,
}
