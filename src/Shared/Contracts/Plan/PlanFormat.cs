namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The plan file (worker and <c>checkpointgen generate</c> write, generator reads). Records, in
/// this order: <c>class NAME NAMESPACE ACCESS MODE</c>, <c>source ITEM</c>,
/// <c>storage RESOURCE LAZYPATH</c>, then any number of <c>type</c>, <c>member</c>, <c>tensor</c>
/// and <c>signature</c> records, each signature followed by its <c>input</c> and <c>output</c>
/// records, then the compiled programs (<see cref="ProgramFormat"/>); a record refers only to
/// types declared before it. A later kind of plan content adds record kinds and a version; a reader rejects what it does not know rather than print half a plan.
/// </summary>
internal static class PlanFormat
{
    public const string Name = "checkpointgen-plan";
    /// <summary>
    /// 2: parameters and results carry their key (signature key or Outputs/Inputs text); program values, parameters and workspace slots of int32, int64 and bool besides float32.
    /// 3: programs have loops and branches (<see cref="ControlFormat"/>'s records among the steps); TensorList kernels (ListReserve, ListGetItem, ListSetItem), Gather; string parameters (serialized tf.Example) and the ParseExample kernel.
    /// 4: kernels WinogradConv2D, Conv2DTranspose, Resize, IntegerDivision; a step's input count checked per kernel (<see cref="ProgramKernels"/>); Unary carries alpha only for LeakyRelu; ListGetItem and ListSetItem name their node.
    /// </summary>
    public const int Version = 4;

    /// <summary>The plan file's extension.</summary>
    public const string Extension = ".cgplan";

    public static string Write(CheckpointPlan p)
    {
        var sb = ContractText.Begin(Name, Version);
        ContractText.Record(sb, "class", p.ClassName, p.Namespace, p.Access, p.Mode);
        ContractText.Record(sb, "source", p.Source);
        ContractText.Record(sb, "storage", p.ResourceName, p.LazyPath);
        foreach (var t in p.Types)
        {
            ContractText.Record(sb, "type", ContractText.Number(t.Id), t.ClassName, t.Path, ContractText.Number(t.Base), ContractText.Number(t.Instances));
        }
        foreach (var m in p.Members)
        {
            ContractText.Record(sb, "member", ContractText.Number(m.Type), m.Property, ContractText.Number(m.Child), ContractText.Number(m.Offset));
        }
        foreach (var t in p.Tensors)
        {
            ContractText.Record(sb, "tensor", t.Key, t.VariableName, t.DType, ContractText.Numbers(t.Shape), ContractText.Number(t.Offset),
                ContractText.Number(t.ByteLength), t.FlatName, t.ShapePrefix);
        }
        foreach (var s in p.Signatures)
        {
            ContractText.Record(sb, "signature", s.Key, s.MethodName, s.ClassName);
            foreach (var i in s.Inputs)
            {
                SignatureTensor(sb, "input", i);
            }
            foreach (var o in s.Outputs)
            {
                SignatureTensor(sb, "output", o);
            }
        }
        foreach (var program in p.Programs)
        {
            ProgramFormat.Write(sb, program);
        }
        return sb.ToString();
    }

    /// <exception cref="ContractFormatException">The text is not a plan of this version, or contradicts itself.</exception>
    public static CheckpointPlan Read(string text, string source)
    {
        var records = ContractText.Read(text, source, Name, Version);
        var header = Take(records, source, 0, "class").Expect(4);
        var mode = header[3];
        if (mode is not (CheckpointPlan.EmbeddedMode or CheckpointPlan.LazyMode))
        {
            throw header.Error($"mode must be {CheckpointPlan.EmbeddedMode} or {CheckpointPlan.LazyMode}, found '{mode}'");
        }
        var item = Take(records, source, 1, "source").Expect(1)[0];
        var storage = Take(records, source, 2, "storage").Expect(2);
        var types = new List<PlanScopeType>();
        var members = new List<(ContractRecord Record, PlanMember Member)>();
        var tensors = new List<PlanTensor>();
        var signatures = new List<(ContractRecord Record, List<PlanSignatureTensor> Inputs, List<PlanSignatureTensor> Outputs)>();
        var programs = new List<PlanProgram>();
        for (var n = 3; n < records.Count; n++)
        {
            var r = records[n];
            if (r.Kind == "program")
            {
                n = ProgramFormat.Read(records, n, tensors.Count, out var program) - 1;
                programs.Add(program);
                continue;
            }
            if (programs.Count > 0)
            {
                throw r.Error($"'{r.Kind}' after the programs");
            }
            switch (r.Kind)
            {
                case "type":
                    types.Add(Type(r.Expect(5), types.Count));
                    break;
                case "member":
                    members.Add((r, Member(r.Expect(4), types.Count)));
                    break;
                case "tensor":
                    tensors.Add(Tensor(r.Expect(8), mode == CheckpointPlan.EmbeddedMode));
                    break;
                case "signature":
                    signatures.Add((r.Expect(3), new List<PlanSignatureTensor>(), new List<PlanSignatureTensor>()));
                    break;
                case "input":
                case "output":
                    if (signatures.Count == 0)
                    {
                        throw r.Error($"'{r.Kind}' before any 'signature'");
                    }
                    var owner = signatures[signatures.Count - 1];
                    (r.Kind == "input" ? owner.Inputs : owner.Outputs).Add(SignatureTensor(r.Expect(5)));
                    break;
                default:
                    throw r.Error($"unknown record '{r.Kind}'; expected type, member, tensor, signature, input, output or program");
            }
        }
        foreach (var (r, m) in members.Where(m => m.Member.IsTensor))
        {
            var index = (m.Type == CheckpointPlan.RootScope ? 0 : types[m.Type - 1].Base) + m.Offset;
            if (index >= tensors.Count)
            {
                throw r.Error($"member '{m.Property}' reads tensor {index}, and the plan has {tensors.Count}");
            }
        }
        return new CheckpointPlan(
            header[0], header[1], header[2], mode, item, storage[0], storage[1],
            new EquatableArray<PlanScopeType>(types.ToArray()),
            new EquatableArray<PlanMember>(members.Select(m => m.Member).ToArray()),
            new EquatableArray<PlanTensor>(tensors.ToArray()),
            new EquatableArray<PlanSignature>(signatures.Select(s => new PlanSignature(
                s.Record[0], s.Record[1], s.Record[2],
                new EquatableArray<PlanSignatureTensor>(s.Inputs.ToArray()),
                new EquatableArray<PlanSignatureTensor>(s.Outputs.ToArray()))).ToArray()),
            new EquatableArray<PlanProgram>(programs.ToArray()));
    }

    private static ContractRecord Take(IReadOnlyList<ContractRecord> records, string source, int index, string kind)
    {
        if (index >= records.Count || records[index].Kind != kind)
        {
            var found = index < records.Count ? $"'{records[index].Kind}'" : "the end of the file";
            throw new ContractFormatException(source, index + 2, $"expected '{kind}', found {found}");
        }
        return records[index];
    }

    private static PlanScopeType Type(ContractRecord r, int earlier)
    {
        var id = r.Int(0);
        if (id != earlier + 1)
        {
            throw r.Error($"type ids count up from 1; expected {earlier + 1}, found {id}");
        }
        var (first, instances) = (r.Int(3), r.Int(4));
        if (first < 0 || instances < 1)
        {
            throw r.Error($"type {id} needs a first tensor index of 0 or more and at least one instance");
        }
        return new PlanScopeType(id, r[1], r[2], first, instances);
    }

    private static PlanMember Member(ContractRecord r, int typeCount)
    {
        var (type, child, offset) = (r.Int(0), r.Int(2), r.Int(3));
        if (type < 0 || type > typeCount)
        {
            throw r.Error($"member '{r[1]}' belongs to type {type}, which no earlier record declares");
        }
        // A struct returns only structs declared before it, so no struct contains itself.
        if (child != PlanMember.TensorMember && (child < 1 || child > typeCount || (type != CheckpointPlan.RootScope && child >= type)))
        {
            throw r.Error($"member '{r[1]}' returns type {child}, which is not a struct declared before type {type}");
        }
        if (offset < 0)
        {
            throw r.Error($"member '{r[1]}' has the negative offset {offset}");
        }
        return new PlanMember(type, r[1], child, offset);
    }

    private static PlanTensor Tensor(ContractRecord r, bool embedded)
    {
        if (!DTypes.IsKnown(r[2]))
        {
            throw r.Error($"tensor '{r[0]}' has the unknown dtype '{r[2]}'");
        }
        var shape = r.Longs(3);
        var offset = r.Long(4);
        var bytes = r.Long(5);
        if (shape.Any(d => d < 0) || bytes < 0 || (embedded ? offset < 0 : offset != -1))
        {
            throw r.Error($"tensor '{r[0]}' has a negative dimension or size, or an offset its mode does not allow");
        }
        return new PlanTensor(r[0], r[1], r[2], new EquatableArray<long>(shape), offset, bytes, r[6], r[7]);
    }

    private static void SignatureTensor(System.Text.StringBuilder sb, string kind, PlanSignatureTensor t) =>
        ContractText.Record(sb, kind, t.Key, t.TensorName, t.DType, t.UnknownRank ? "?" : ContractText.Numbers(t.Shape), t.ClassName);

    private static PlanSignatureTensor SignatureTensor(ContractRecord r)
    {
        var unknownRank = r[3] == "?";
        return new PlanSignatureTensor(r[0], r[1], r[2], new EquatableArray<long>(unknownRank ? Array.Empty<long>() : r.Longs(3)), unknownRank, r[4]);
    }
}
