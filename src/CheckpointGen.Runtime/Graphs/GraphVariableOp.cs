namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// A node of the graph that holds a variable (<c>VariableV2</c>, <c>Variable</c> or
/// <c>VarHandleOp</c>) with its declared element type and shape. Immutable, with value equality.
/// </summary>
/// <param name="Name">The node name, which is the variable's name (<c>global_step</c>).</param>
/// <param name="Op">The op type.</param>
/// <param name="DataType">The <c>dtype</c> attribute; <see cref="TensorDataType.Invalid"/> when missing.</param>
/// <param name="Shape">The <c>shape</c> attribute; unknown rank when missing.</param>
public sealed record GraphVariableOp(string Name, string Op, TensorDataType DataType, GraphShape Shape);
