namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// Everything about one generated class that does not depend on the consumer's compilation,
/// decided by the planner (in the build worker and in <c>checkpointgen generate</c>): names
/// validated, every identifier resolved, every nested type placed. The generator prints it and
/// decides only what the compilation decides (language version, nullable, available types).
/// Records with value equality: the generator's pipeline caches on them.
/// </summary>
/// <param name="ClassName">The generated class.</param>
/// <param name="Namespace">Its namespace; empty for the global namespace.</param>
/// <param name="Access"><c>public</c> or <c>internal</c>.</param>
/// <param name="Mode"><see cref="EmbeddedMode"/> or <see cref="LazyMode"/>.</param>
/// <param name="Source">The item's Include, for the generated header and docs.</param>
/// <param name="ResourceName">Embedded mode: the weights resource's LogicalName; otherwise empty.</param>
/// <param name="LazyPath">Lazy mode: the checkpoint prefix under the output folder <c>Open()</c> reads; otherwise empty.</param>
/// <param name="Scopes">Nested classes for name scopes, each after its parent.</param>
/// <param name="Tensors">The kept tensors in storage order (their index is the descriptor index).</param>
/// <param name="Signatures">The graph's SignatureDefs.</param>
/// <param name="Programs">The compiled entry points (items with Outputs or SignatureDefs to run); see <see cref="PlanProgram"/>.</param>
internal sealed record CheckpointPlan(
    string ClassName,
    string Namespace,
    string Access,
    string Mode,
    string Source,
    string ResourceName,
    string LazyPath,
    EquatableArray<PlanScope> Scopes,
    EquatableArray<PlanTensor> Tensors,
    EquatableArray<PlanSignature> Signatures,
    EquatableArray<PlanProgram> Programs = default)
{
    public const string EmbeddedMode = "Embedded";
    public const string LazyMode = "Lazy";

    /// <summary>The scope id of the generated class itself; nested scopes count from 1.</summary>
    public const int RootScope = 0;

    public bool IsEmbedded => Mode == EmbeddedMode;

    public string FullClassName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;
}

/// <summary>A name scope: a property of its parent whose type is a nested class of the parent.</summary>
/// <param name="Id">1, 2, …; the order of the plan.</param>
/// <param name="Parent">The id of the scope holding it (<see cref="CheckpointPlan.RootScope"/> for the class itself).</param>
/// <param name="Property">The property's identifier.</param>
/// <param name="ClassName">The nested class's identifier.</param>
/// <param name="Path">The scope's name in the checkpoint (<c>dnn/hiddenlayer_0</c>), for docs.</param>
internal sealed record PlanScope(int Id, int Parent, string Property, string ClassName, string Path);

/// <summary>One kept tensor and its identifiers.</summary>
/// <param name="Key">The key as stored in the checkpoint.</param>
/// <param name="VariableName">The real name a graph gives, or empty.</param>
/// <param name="DType">The dtype name (float32, bfloat16, string, …); see <see cref="DTypes"/>.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Offset">Embedded mode: byte offset in the weights resource; otherwise -1.</param>
/// <param name="ByteLength">Stored bytes.</param>
/// <param name="Scope">The id of the scope whose property it is.</param>
/// <param name="Property">The property's identifier.</param>
/// <param name="FlatName">Its constant in the <c>Names</c> class.</param>
/// <param name="ShapePrefix">Its constants in the <c>Shapes</c> class: <c>{ShapePrefix}Rank</c>, <c>…Dim0</c>…, <c>…Length</c>.</param>
internal sealed record PlanTensor(
    string Key,
    string VariableName,
    string DType,
    EquatableArray<long> Shape,
    long Offset,
    long ByteLength,
    int Scope,
    string Property,
    string FlatName,
    string ShapePrefix);

/// <summary>A SignatureDef of the model's graph, as a nested class of <c>Signatures</c>.</summary>
internal sealed record PlanSignature(string Key, string MethodName, string ClassName, EquatableArray<PlanSignatureTensor> Inputs, EquatableArray<PlanSignatureTensor> Outputs);

/// <summary>One input or output of a signature; <paramref name="Shape"/> uses -1 for unknown dimensions and is empty with <paramref name="UnknownRank"/>.</summary>
internal sealed record PlanSignatureTensor(string Key, string TensorName, string DType, EquatableArray<long> Shape, bool UnknownRank, string ClassName);
