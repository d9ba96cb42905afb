namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// A variable as a TF1 meta graph's <c>variables</c> / <c>trainable_variables</c> collections
/// record it (a VariableDef). Immutable, with value equality.
/// </summary>
/// <param name="Name">The variable's name in the graph, without the <c>:0</c> output suffix (<c>dnn/hiddenlayer_0/kernel</c>, or <c>emb/part_0</c> for a partition).</param>
/// <param name="FullName">The name the checkpoint saves it under: <paramref name="Name"/>, or for one partition of a partitioned variable the whole variable's name (<c>emb</c>).</param>
/// <param name="Trainable">Whether the graph trains it: it is in <c>trainable_variables</c> or its VariableDef says so.</param>
/// <param name="IsResource">Whether it is a resource variable (<c>VarHandleOp</c>) rather than a reference variable (<c>VariableV2</c>).</param>
public sealed record GraphVariable(string Name, string FullName, bool Trainable, bool IsResource);
