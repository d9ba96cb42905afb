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
/// <param name="Types">The scope structs nested in the class, each after the structs its members return.</param>
/// <param name="Members">The properties of the class (type <see cref="RootScope"/>) and of each scope struct.</param>
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
    EquatableArray<PlanScopeType> Types,
    EquatableArray<PlanMember> Members,
    EquatableArray<PlanTensor> Tensors,
    EquatableArray<PlanSignature> Signatures,
    EquatableArray<PlanProgram> Programs = default)
{
    public const string EmbeddedMode = "Embedded";
    public const string LazyMode = "Lazy";

    /// <summary>The type id of the generated class itself; scope structs count from 1.</summary>
    public const int RootScope = 0;

    public bool IsEmbedded => Mode == EmbeddedMode;

    public string FullClassName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;
}

/// <summary>
/// A struct for name scopes of one shape: it holds the storage and the index of its scope's first
/// tensor, and its members count from there, so every scope of that shape (the layers of a
/// network) is an instance of it.
/// </summary>
/// <param name="Id">1, 2, …; the order of the plan.</param>
/// <param name="ClassName">The struct's identifier.</param>
/// <param name="Path">Its first scope's name in the checkpoint (<c>encoder/layer_0000</c>), for docs.</param>
/// <param name="Base">Its first scope's first tensor index: that scope's tensors describe the members in docs.</param>
/// <param name="Instances">How many scopes it stands for.</param>
internal sealed record PlanScopeType(int Id, string ClassName, string Path, int Base, int Instances);

/// <summary>A property of the class or of a scope struct.</summary>
/// <param name="Type">The type declaring it: <see cref="CheckpointPlan.RootScope"/> or a struct's id.</param>
/// <param name="Property">Its identifier.</param>
/// <param name="Child"><see cref="TensorMember"/> for a tensor, else the struct it returns.</param>
/// <param name="Offset">Added to the declaring scope's first tensor index: the tensor's index, or the child scope's first.</param>
internal sealed record PlanMember(int Type, string Property, int Child, int Offset)
{
    public const int TensorMember = -1;

    public bool IsTensor => Child == TensorMember;
}

/// <summary>One kept tensor and its constants.</summary>
/// <param name="Key">The key as stored in the checkpoint.</param>
/// <param name="VariableName">The real name a graph gives, or empty.</param>
/// <param name="DType">The dtype name (float32, bfloat16, string, …); see <see cref="DTypes"/>.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Offset">Embedded mode: byte offset in the weights resource; otherwise -1.</param>
/// <param name="ByteLength">Stored bytes.</param>
/// <param name="FlatName">Its constant in the <c>Names</c> class.</param>
/// <param name="ShapePrefix">Its constants in the <c>Shapes</c> class: <c>{ShapePrefix}Rank</c>, <c>…Dim0</c>…, <c>…Length</c>.</param>
internal sealed record PlanTensor(
    string Key,
    string VariableName,
    string DType,
    EquatableArray<long> Shape,
    long Offset,
    long ByteLength,
    string FlatName,
    string ShapePrefix);

/// <summary>A SignatureDef of the model's graph, as a nested class of <c>Signatures</c>.</summary>
internal sealed record PlanSignature(string Key, string MethodName, string ClassName, EquatableArray<PlanSignatureTensor> Inputs, EquatableArray<PlanSignatureTensor> Outputs);

/// <summary>One input or output of a signature; <paramref name="Shape"/> uses -1 for unknown dimensions and is empty with <paramref name="UnknownRank"/>.</summary>
internal sealed record PlanSignatureTensor(string Key, string TensorName, string DType, EquatableArray<long> Shape, bool UnknownRank, string ClassName);
