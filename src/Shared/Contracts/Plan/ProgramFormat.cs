using System.Text;

namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The plan records of compiled programs, after the signatures: <c>program METHOD KEY</c>, then its
/// <c>param</c>, <c>result</c>, <c>slot</c>, <c>value</c> and <c>step</c> records, with the control
/// records of loops and branches among the steps (<see cref="ControlFormat"/>). Values are
/// numbered in order; every reference must be to a value or slot declared before it, so a plan
/// that reads cannot make the printer index out of range.
/// </summary>
internal static class ProgramFormat
{
    public static readonly string[] RecordKinds = new[] { "program", "param", "result", "slot", "value", "step" }.Concat(PlanControl.Kinds).ToArray();

    public static void Write(StringBuilder sb, PlanProgram p)
    {
        ContractText.Record(sb, "program", p.Method, p.SignatureKey);
        foreach (var t in p.Parameters)
        {
            Tensor(sb, "param", t);
        }
        foreach (var t in p.Results)
        {
            Tensor(sb, "result", t);
        }
        foreach (var s in p.Slots)
        {
            ContractText.Record(sb, "slot", ContractText.Number(s.Id), s.DType, ContractText.Number(s.PerBatch), ContractText.Number(s.Fixed));
        }
        foreach (var v in p.Values)
        {
            ContractText.Record(sb, "value", ContractText.Number(v.Id), v.DType, ContractText.Numbers(v.Dims), v.Kind, v.Argument);
        }
        var controls = 0;
        for (var i = 0; i < p.Steps.Count; i++)
        {
            for (; controls < p.Controls.Count && p.Controls[controls].At == i; controls++)
            {
                ControlFormat.Write(sb, p.Controls[controls]);
            }
            var s = p.Steps[i];
            var fields = new List<string> { "step", s.Kernel, ContractText.Number(s.Output), ContractText.Numbers(s.Inputs.Select(i => (long)i)) };
            fields.AddRange(ProgramKernels.AttributesOf(s.Kernel).Select(name => s[name]));
            ContractText.Record(sb, fields.ToArray());
        }
        for (; controls < p.Controls.Count; controls++)
        {
            ControlFormat.Write(sb, p.Controls[controls]);
        }
    }

    /// <summary>Reads the program records starting at <paramref name="start"/> (a <c>program</c> record); returns the index after them.</summary>
    /// <exception cref="ContractFormatException">A record is malformed or refers to something not declared before it.</exception>
    public static int Read(IReadOnlyList<ContractRecord> records, int start, int tensorCount, out PlanProgram program)
    {
        var header = records[start].Expect(2);
        var parameters = new List<PlanProgramTensor>();
        var results = new List<PlanProgramTensor>();
        var slots = new List<PlanSlot>();
        var values = new List<PlanValue>();
        var steps = new List<PlanStep>();
        var controls = new ControlFormat.Reader();
        var n = start + 1;
        for (; n < records.Count && records[n].Kind != "program"; n++)
        {
            var r = records[n];
            switch (r.Kind)
            {
                case "param":
                    parameters.Add(Tensor(r.Expect(6)));
                    break;
                case "result":
                    NotString(r.Expect(6), 2, "a result");
                    results.Add(Tensor(r));
                    break;
                case "slot":
                    r.Expect(4);
                    if (r.Int(0) != slots.Count || r.Long(2) < 0 || r.Long(3) < 0)
                    {
                        throw r.Error($"slot ids count up from 0 and sizes are not negative; expected slot {slots.Count}");
                    }
                    slots.Add(new PlanSlot(r.Int(0), NotString(r, 1, "a slot"), r.Long(2), r.Long(3)));
                    break;
                case "value":
                    values.Add(Value(r.Expect(5), values.Count, parameters.Count, results.Count, slots.Count, tensorCount));
                    break;
                case "step":
                    steps.Add(Step(r, values, header[0], steps.Count));
                    break;
                case var kind when ControlFormat.IsControl(kind):
                    controls.Read(r, steps.Count, values);
                    break;
                default:
                    throw r.Error($"unknown record '{r.Kind}' in a program; expected param, result, slot, value, step, {string.Join(", ", PlanControl.Kinds)}");
            }
        }
        controls.Finish(records[start]);
        foreach (var t in parameters.Concat(results))
        {
            if (t.Value < 0 || t.Value >= values.Count)
            {
                throw records[start].Error($"program '{header[0]}': '{t.Name}' is value {t.Value}, which the program does not declare");
            }
        }
        program = new PlanProgram(header[0], header[1],
            new EquatableArray<PlanProgramTensor>(parameters.ToArray()),
            new EquatableArray<PlanProgramTensor>(results.ToArray()),
            new EquatableArray<PlanSlot>(slots.ToArray()),
            new EquatableArray<PlanValue>(values.ToArray()),
            new EquatableArray<PlanStep>(steps.ToArray()),
            new EquatableArray<PlanControl>(controls.Controls.ToArray()));
        return n;
    }

    private static void Tensor(StringBuilder sb, string kind, PlanProgramTensor t) =>
        ContractText.Record(sb, kind, t.Name, t.TensorName, t.DType, ContractText.Numbers(t.Dims), ContractText.Number(t.Value), t.Key);

    private static PlanProgramTensor Tensor(ContractRecord r) =>
        new(r[0], r[1], ProgramDTypes.Checked(r, 2), Dims(r, 3), r.Int(4), r[5]);

    private static EquatableArray<long> Dims(ContractRecord r, int index)
    {
        var dims = r.Longs(index);
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 && !(i == 0 && dims[i] == PlanValue.Batch))
            {
                throw r.Error($"dimension {i} is {dims[i]}; only the first dimension may be the batch (-1)");
            }
        }
        return new EquatableArray<long>(dims);
    }

    private static PlanValue Value(ContractRecord r, int earlier, int parameters, int results, int slots, int tensors)
    {
        if (r.Int(0) != earlier)
        {
            throw r.Error($"value ids count up from 0; expected {earlier}, found {r[0]}");
        }
        var kind = r[3];
        var limit = kind switch
        {
            PlanValue.ParameterKind => parameters,
            PlanValue.ResultKind => results,
            PlanValue.WeightKind => tensors,
            PlanValue.SlotKind => slots,
            PlanValue.LiteralKind => int.MaxValue,
            _ => throw r.Error($"value kind must be one of {string.Join(", ", PlanValue.Kinds)}, found '{kind}'"),
        };
        if (kind != PlanValue.LiteralKind && (r.Int(4) < 0 || r.Int(4) >= limit))
        {
            throw r.Error($"value {earlier} is {kind} {r[4]}, which is not declared before it");
        }
        var dtype = kind == PlanValue.ParameterKind ? ProgramDTypes.Checked(r, 1) : NotString(r, 1, $"a {kind} value");
        if (kind == PlanValue.LiteralKind && !ProgramDTypes.IsLiteral(dtype, r[4]))
        {
            throw r.Error($"value {earlier}: the literal '{r[4]}' is not a comma-separated list of {dtype} values");
        }
        if (kind == PlanValue.WeightKind && dtype != ProgramDTypes.Float32)
        {
            throw r.Error($"value {earlier} is a stored weight of {dtype}; stored weights are float32");
        }
        return new PlanValue(earlier, dtype, Dims(r, 2), kind, r[4]);
    }

    /// <summary>A parse reads the string parameter (and a default row), writes float32 or int64, and looks for a key in base64: what the printer relies on.</summary>
    private static void CheckParse(ContractRecord r, List<PlanValue> values, int output, long[] inputs)
    {
        if (inputs.Length is not (1 or 2) || values[(int)inputs[0]].DType != ProgramDTypes.String
            || values[output].DType is not (ProgramDTypes.Float32 or ProgramDTypes.Int64) || !IsBase64(r[3]))
        {
            throw r.Error("a ParseExample step reads the string parameter and optionally a default, writes float32 or int64, and has a base64 key");
        }
    }

    private static bool IsBase64(string text)
    {
        try
        {
            Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A dtype checked as <see cref="ProgramDTypes.Checked"/> does, and not string: serialized protos are only ever parameters.</summary>
    private static string NotString(ContractRecord r, int index, string what) =>
        ProgramDTypes.Checked(r, index) is var dtype && dtype != ProgramDTypes.String ? dtype : throw r.Error($"{what} cannot be of dtype string; only parameters are");

    private static PlanStep Step(ContractRecord r, List<PlanValue> values, string program, int index)
    {
        var valueCount = values.Count;
        var kernel = r[0];
        if (!ProgramKernels.IsKnown(kernel))
        {
            throw r.Error($"unknown kernel '{kernel}'");
        }
        var names = ProgramKernels.AttributesOf(kernel);
        r.Expect(3 + names.Count);
        var output = r.Int(1);
        var inputs = r.Longs(2);
        if (output < 0 || output >= valueCount || inputs.Any(i => i < 0 || i >= valueCount))
        {
            throw r.Error($"step {kernel} refers to a value not declared before it");
        }
        var attributes = names.Select((name, i) => new PlanAttribute(name, r[3 + i])).ToArray();
        if (ProgramKernels.InputCountError(kernel, inputs.Length, name => attributes.First(a => a.Name == name).Value) is { } wrong)
        {
            throw r.Error($"program '{program}' step {index} ({kernel}) {wrong}");
        }
        if (kernel == ProgramKernels.ParseExample)
        {
            CheckParse(r, values, output, inputs);
        }
        return new PlanStep(kernel, output, new EquatableArray<int>(inputs.Select(i => (int)i).ToArray()), new EquatableArray<PlanAttribute>(attributes));
    }
}
