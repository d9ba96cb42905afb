namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// A variable of a TF2 SavedModel's object graph: where it sits among the saved objects and
/// what the model calls it. Immutable, with value equality.
/// </summary>
/// <param name="ObjectPath">
/// The object path as it appears in checkpoint keys (<c>layer_with_weights-0/kernel</c>;
/// <c>{variable}/.OPTIMIZER_SLOT/{optimizer}/{slot}</c> for an optimizer slot): the stored key is
/// this path followed by <c>/.ATTRIBUTES/VARIABLE_VALUE</c>.
/// </param>
/// <param name="Name">The variable's name in the model, without <c>:0</c> (<c>dense/kernel</c>).</param>
/// <param name="Trainable">Whether the model trains it.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The declared shape.</param>
public sealed record SavedObjectVariable(string ObjectPath, string Name, bool Trainable, TensorDataType DataType, GraphShape Shape);
