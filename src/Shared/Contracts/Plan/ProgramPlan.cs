namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// One compiled graph entry point of a generated class (issue 9): a method named after a
/// SignatureDef or <c>Predict</c>, decided entirely by the graph compiler in the worker. The
/// generator prints it as a typed method whose body calls <c>CheckpointGen.Inference</c>'s kernels
/// step by step; every shape, kernel choice, attribute and buffer is decided here.
/// </summary>
/// <param name="Method">The C# method name (<c>Predict</c>, <c>ServingDefault</c>).</param>
/// <param name="SignatureKey">The SignatureDef key it runs, or empty for an <c>Outputs</c> item.</param>
/// <param name="Parameters">The inputs, in parameter order.</param>
/// <param name="Results">The outputs, in parameter order after the inputs.</param>
/// <param name="Slots">The workspace buffers the steps share (planned once from the values' lifetimes).</param>
/// <param name="Values">Every tensor the steps read or write.</param>
/// <param name="Steps">The kernels to run, in order (loops' and branches' steps included, where they run).</param>
/// <param name="Controls">The loops and branches around the steps, in step order (<see cref="PlanControl"/>).</param>
internal sealed record PlanProgram(
    string Method,
    string SignatureKey,
    EquatableArray<PlanProgramTensor> Parameters,
    EquatableArray<PlanProgramTensor> Results,
    EquatableArray<PlanSlot> Slots,
    EquatableArray<PlanValue> Values,
    EquatableArray<PlanStep> Steps,
    EquatableArray<PlanControl> Controls);

/// <summary>An input or output of a program.</summary>
/// <param name="Name">The C# parameter identifier.</param>
/// <param name="TensorName">The graph tensor (<c>node:index</c>) or the signature key's tensor, for docs and errors.</param>
/// <param name="DType">One of <see cref="ProgramDTypes"/>.</param>
/// <param name="Dims">The dimensions; <see cref="PlanValue.Batch"/> for the batch dimension (only the first may be).</param>
/// <param name="Value">The id of the value it is.</param>
/// <param name="Key">The name the user knows it by: the signature's input or output key, or the tensor as <c>Outputs</c>/<c>Inputs</c> name it (a reached Placeholder: its node name); <c>checkpointgen predict</c> takes and prints tensors by it.</param>
internal sealed record PlanProgramTensor(string Name, string TensorName, string DType, EquatableArray<long> Dims, int Value, string Key);

/// <summary>A workspace buffer of <paramref name="DType"/> elements: <c>max(PerBatch × batch, Fixed)</c> of them.</summary>
/// <param name="Id">0, 1, …; the order of the plan.</param>
/// <param name="DType">One of <see cref="ProgramDTypes"/>: a slot holds values of one dtype only.</param>
/// <param name="PerBatch">Elements per batch row.</param>
/// <param name="Fixed">Elements at least.</param>
internal sealed record PlanSlot(int Id, string DType, long PerBatch, long Fixed);

/// <summary>A tensor of a program and where its elements are at run time.</summary>
/// <param name="Id">0, 1, …; the order of the plan.</param>
/// <param name="DType">One of <see cref="ProgramDTypes"/>.</param>
/// <param name="Dims">The dimensions; <see cref="Batch"/> for the batch dimension.</param>
/// <param name="Kind">
/// <see cref="ParameterKind"/> (Argument: parameter index), <see cref="ResultKind"/> (result index),
/// <see cref="WeightKind"/> (the plan tensor index, float32 only), <see cref="LiteralKind"/> (comma-separated
/// values, round-trip formatted; integers for int32 and int64, 0 and 1 for bool), <see cref="SlotKind"/> (the slot id).
/// </param>
/// <param name="Argument">What <paramref name="Kind"/> says.</param>
internal sealed record PlanValue(int Id, string DType, EquatableArray<long> Dims, string Kind, string Argument)
{
    /// <summary>The dimension that is the call's batch size.</summary>
    public const long Batch = -1;

    public const string ParameterKind = "param";
    public const string ResultKind = "result";
    public const string WeightKind = "weight";
    public const string LiteralKind = "literal";
    public const string SlotKind = "slot";

    public static readonly string[] Kinds = { ParameterKind, ResultKind, WeightKind, LiteralKind, SlotKind };

    /// <summary>Elements per batch row when the first dimension is the batch, else the element count.</summary>
    public long RowLength
    {
        get
        {
            long n = 1;
            foreach (var d in Dims)
            {
                n *= d == Batch ? 1 : d;
            }
            return n;
        }
    }

    public bool IsBatched => Dims.Count > 0 && Dims[0] == Batch;
}

/// <summary>One kernel call: <paramref name="Kernel"/> reads <paramref name="Inputs"/> and writes <paramref name="Output"/>.</summary>
/// <param name="Kernel">A name from <c>ProgramKernels</c>.</param>
/// <param name="Output">The value written.</param>
/// <param name="Inputs">The values read.</param>
/// <param name="Attributes">Integer and float parameters the kernel takes, decided at build time.</param>
internal sealed record PlanStep(string Kernel, int Output, EquatableArray<int> Inputs, EquatableArray<PlanAttribute> Attributes)
{
    /// <summary>The attribute's value; a missing one is a plan the reader rejects, so callers may rely on it.</summary>
    public string this[string name] => Attributes.First(a => a.Name == name).Value;
}

/// <summary>A named kernel parameter.</summary>
internal sealed record PlanAttribute(string Name, string Value);
