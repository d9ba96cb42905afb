namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The plan file (worker and <c>checkpointgen generate</c> write, generator reads). Records, in
/// this order: <c>class NAME NAMESPACE ACCESS MODE</c>, <c>source ITEM</c>,
/// <c>storage RESOURCE LAZYPATH</c>, then any number of <c>scope</c>, <c>tensor</c>, and
/// <c>signature</c> records, each signature followed by its <c>input</c> and <c>output</c>
/// records, then the compiled programs (<see cref="ProgramFormat"/>). A later kind of plan content
/// adds record kinds and a version; a reader rejects what it does not know rather than print half a plan.
/// </summary>
internal static class PlanFormat
{
    public const string Name = "checkpointgen-plan";
    public const int Version = 1;

    /// <summary>The plan file's extension.</summary>
    public const string Extension = ".cgplan";

    public static string Write(CheckpointPlan p)
    {
        var sb = ContractText.Begin(Name, Version);
        ContractText.Record(sb, "class", p.ClassName, p.Namespace, p.Access, p.Mode);
        ContractText.Record(sb, "source", p.Source);
        ContractText.Record(sb, "storage", p.ResourceName, p.LazyPath);
        foreach (var s in p.Scopes)
        {
            ContractText.Record(sb, "scope", ContractText.Number(s.Id), ContractText.Number(s.Parent), s.Property, s.ClassName, s.Path);
        }
        foreach (var t in p.Tensors)
        {
            ContractText.Record(sb, "tensor", t.Key, t.VariableName, t.DType, ContractText.Numbers(t.Shape), ContractText.Number(t.Offset),
                ContractText.Number(t.ByteLength), ContractText.Number(t.Scope), t.Property, t.FlatName, t.ShapePrefix);
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
        var scopes = new List<PlanScope>();
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
                case "scope":
                    scopes.Add(Scope(r.Expect(5), scopes.Count));
                    break;
                case "tensor":
                    tensors.Add(Tensor(r.Expect(10), scopes.Count, mode == CheckpointPlan.EmbeddedMode));
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
                    throw r.Error($"unknown record '{r.Kind}'; expected scope, tensor, signature, input, output or program");
            }
        }
        return new CheckpointPlan(
            header[0], header[1], header[2], mode, item, storage[0], storage[1],
            new EquatableArray<PlanScope>(scopes.ToArray()),
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

    private static PlanScope Scope(ContractRecord r, int earlier)
    {
        var id = r.Int(0);
        var parent = r.Int(1);
        if (id != earlier + 1)
        {
            throw r.Error($"scope ids count up from 1; expected {earlier + 1}, found {id}");
        }
        if (parent < 0 || parent >= id)
        {
            throw r.Error($"scope {id}'s parent must be an earlier scope or 0, found {parent}");
        }
        return new PlanScope(id, parent, r[2], r[3], r[4]);
    }

    private static PlanTensor Tensor(ContractRecord r, int scopeCount, bool embedded)
    {
        if (!DTypes.IsKnown(r[2]))
        {
            throw r.Error($"tensor '{r[0]}' has the unknown dtype '{r[2]}'");
        }
        var shape = r.Longs(3);
        var offset = r.Long(4);
        var bytes = r.Long(5);
        var scope = r.Int(6);
        if (shape.Any(d => d < 0) || bytes < 0 || (embedded ? offset < 0 : offset != -1))
        {
            throw r.Error($"tensor '{r[0]}' has a negative dimension or size, or an offset its mode does not allow");
        }
        if (scope < 0 || scope > scopeCount)
        {
            throw r.Error($"tensor '{r[0]}' is in scope {scope}, which no earlier record declares");
        }
        return new PlanTensor(r[0], r[1], r[2], new EquatableArray<long>(shape), offset, bytes, scope, r[7], r[8], r[9]);
    }

    private static void SignatureTensor(System.Text.StringBuilder sb, string kind, PlanSignatureTensor t) =>
        ContractText.Record(sb, kind, t.Key, t.TensorName, t.DType, t.UnknownRank ? "?" : ContractText.Numbers(t.Shape), t.ClassName);

    private static PlanSignatureTensor SignatureTensor(ContractRecord r)
    {
        var unknownRank = r[3] == "?";
        return new PlanSignatureTensor(r[0], r[1], r[2], new EquatableArray<long>(unknownRank ? Array.Empty<long>() : r.Longs(3)), unknownRank, r[4]);
    }
}
