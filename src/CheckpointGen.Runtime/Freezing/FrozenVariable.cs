namespace CheckpointGen.Runtime;

/// <summary>A variable node that freezing replaced by a Const holding its checkpoint value. Immutable, with value equality.</summary>
/// <param name="NodeName">The variable op's name in the graph (<c>dense/kernel</c>), now the Const's.</param>
/// <param name="CheckpointKey">The checkpoint key its value came from (differs from the node name when the Saver renamed it).</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The value's shape.</param>
public sealed record FrozenVariable(string NodeName, string CheckpointKey, TensorDataType DataType, TensorShape Shape);
