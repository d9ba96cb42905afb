using System.Globalization;
using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// Collects the run-time values and kernel steps of one program, then plans where each value
/// lives: parameters and results are the caller's spans, constants are stored weights or
/// literals, everything else shares workspace slots reused once a value is dead. Reshapes alias
/// their input's storage instead of copying.
/// </summary>
internal sealed partial class ProgramBuilder
{
    /// <summary>float32 constants up to this many elements are printed into the generated code; larger ones are stored weights.</summary>
    public const int LiteralLimit = 64;

    /// <summary>
    /// The most elements of constants an item cannot store (graph constants of a checkpoint or
    /// SavedModel item) that may be printed into its generated code instead, as base64 string
    /// literals: the string literals of an assembly share one 16 MiB heap.
    /// </summary>
    public const int PrintedLimit = 1 << 20;

    /// <summary>Integer and bool constants are always printed (stored weights are float32); beyond this many elements the build refuses them.</summary>
    public const int IntegerLiteralLimit = 1 << 16;

    private readonly List<Value> _values = new();
    private readonly List<Storage> _storages = new();
    private readonly List<Step> _steps = new();
    private readonly Dictionary<Symbol, int> _materialized = new();

    /// <summary>How many constants each node has folded into stored weights so far.</summary>
    private readonly Dictionary<string, int> _folded = new(StringComparer.Ordinal);

    /// <summary>Stored constants the program reads, by name (<c>var:NAME</c>, <c>const:NODE</c>, or a folded node's name).</summary>
    public List<(string Name, float[] Values, long[] Dims)> Weights { get; } = new();

    /// <summary>How a step's error names the node being compiled (set per node by the compiler).</summary>
    public Func<string, string, GraphCompileException> Fail { get; set; } = (code, message) => new GraphCompileException(code, message);

    public int AddParameter(string dtype, long[] dims, int parameter) => NewValue(dtype, dims, NewStorage(PlanValue.ParameterKind, parameter.ToString(CultureInfo.InvariantCulture), dtype));

    /// <summary>A new run-time value computed by a step.</summary>
    public int AddTemporary(string dtype, long[] dims) => NewValue(dtype, dims, NewStorage(PlanValue.SlotKind, string.Empty, dtype));

    /// <summary>A value with another shape over the same elements (Reshape, Squeeze, ExpandDims, Identity).</summary>
    public int Alias(int value, long[] dims) => NewValue(_values[value].DType, dims, _values[value].Storage);

    /// <summary>The run-time value of <paramref name="symbol"/>: itself, or its constant stored or printed.</summary>
    public int ValueOf(Symbol symbol, string nodeName)
    {
        if (!symbol.IsConstant)
        {
            return symbol.Value;
        }
        if (symbol.DType == ProgramDTypes.String)
        {
            throw Fail(GraphCompileException.UnsupportedOp, "needs string constants at run time; this version reads strings only as the keys of ParseExample");
        }
        if (_materialized.TryGetValue(symbol, out var existing))
        {
            return existing;
        }
        var storage = symbol.Floats is { } floats ? FloatConstant(symbol, floats, nodeName) : IntegerConstant(symbol);
        var id = NewValue(symbol.DType, symbol.Dims.Select(d => Math.Max(d, 0)).ToArray(), storage);
        _materialized[symbol] = id;
        return id;
    }

    private int FloatConstant(Symbol symbol, float[] floats, string nodeName)
    {
        if (floats.Length <= LiteralLimit)
        {
            return NewStorage(PlanValue.LiteralKind, Literal(floats), symbol.DType);
        }
        var name = symbol.Origin.Length > 0 ? symbol.Origin : FoldedName(nodeName);
        Weights.Add((name, floats, symbol.Dims));
        return NewStorage(PlanValue.WeightKind, (Weights.Count - 1).ToString(CultureInfo.InvariantCulture), symbol.DType);
    }

    /// <summary>
    /// The stored name of a constant a node computed: the weights are stored by name, one value per
    /// name, so a node that folds several (a grouped convolution's filters, a batch norm's multiplier
    /// and addend) numbers all but the first.
    /// </summary>
    private string FoldedName(string nodeName)
    {
        var count = _folded.TryGetValue(nodeName, out var c) ? c : 0;
        _folded[nodeName] = count + 1;
        return count == 0 ? "folded:" + nodeName : $"folded:{nodeName}/folded_{count}";
    }

    private int IntegerConstant(Symbol symbol)
    {
        var ints = symbol.Ints!;
        if (ints.Contains(Ops.Shapes.BatchMarker))
        {
            throw Fail(GraphCompileException.UnsupportedOp, $"needs the shape {symbol.ShapeText} holding the batch size as a tensor at run time; this version folds shapes with the batch only into Reshape");
        }
        if (ints.Length == 0 || ints.Length > IntegerLiteralLimit)
        {
            throw Fail(GraphCompileException.UnsupportedOp, $"needs the {symbol.DType} constant {symbol.ShapeText} at run time; this version prints {symbol.DType} constants of 1 to {IntegerLiteralLimit} elements into the code");
        }
        return NewStorage(PlanValue.LiteralKind, string.Join(",", ints.Select(ProgramDTypes.Literal)), symbol.DType);
    }

    /// <summary>Adds a kernel call; a float32-only kernel given another dtype is the node's error, never code that does not compile.</summary>
    public void AddStep(string kernel, int output, int[] inputs, params (string Name, string Value)[] attributes)
    {
        if (_steps.Count >= MaxSteps)
        {
            throw Fail(GraphCompileException.ControlFlowLimit, $"makes a program of more than {MaxSteps:N0} steps");
        }
        if (ProgramKernels.IsFloat32Only(kernel) && inputs.Append(output).FirstOrDefault(v => _values[v].DType != ProgramDTypes.Float32, -1) is var other and >= 0)
        {
            throw Fail(GraphCompileException.UnsupportedOp, $"computes {kernel} on {_values[other].DType} at run time; this version runs it on float32 only (a Cast to float32 before it compiles)");
        }
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            byName[name] = value;
        }
        var ordered = ProgramKernels.AttributesOf(kernel).Select(n => new PlanAttribute(n, byName[n])).ToArray();
        _steps.Add(new Step(kernel, output, inputs, ordered));
    }

    /// <summary>The last step, if it wrote <paramref name="value"/>: a later op may fuse into it.</summary>
    /// <remarks>Never across a loop's or branch's boundary: the step before it runs another number of times, or not at all.</remarks>
    public Step? ProducerIfLast(int value) =>
        _steps.Count > 0 && _steps[^1].Output == value && (_controls.Count == 0 || _controls[^1].At < _steps.Count) ? _steps[^1] : null;

    public long[] DimsOf(int value) => _values[value].Dims;

    /// <summary>
    /// Finishes the program: results become the caller's output spans where a step writes them
    /// (else a copy), and the remaining temporaries get slots. <paramref name="weightIndex"/> maps a
    /// stored weight to its plan tensor, or to -1 when the item cannot store it: it is printed then.
    /// </summary>
    public PlanProgram Build(string method, string signatureKey, IReadOnlyList<(string Name, string Tensor, int Value, string Key)> parameters,
        IReadOnlyList<(string Name, string Tensor, int Value, string Key)> results, Func<int, int> weightIndex)
    {
        var resultValues = new List<int>();
        for (var r = 0; r < results.Count; r++)
        {
            var value = _values[results[r].Value];
            var storage = _storages[value.Storage];
            var written = _steps.Any(s => _values[s.Output].Storage == value.Storage);
            if (storage.Kind == PlanValue.SlotKind && written && storage.Argument.Length == 0)
            {
                storage.Kind = PlanValue.ResultKind;
                storage.Argument = r.ToString(CultureInfo.InvariantCulture);
                resultValues.Add(results[r].Value);
            }
            else
            {
                var copy = NewValue(value.DType, value.Dims, NewStorage(PlanValue.ResultKind, r.ToString(CultureInfo.InvariantCulture), value.DType));
                AddStep(ProgramKernels.Copy, copy, new[] { results[r].Value });
                resultValues.Add(copy);
            }
        }
        var slots = PlanSlots();
        var values = _values.Select((v, i) =>
        {
            var s = _storages[v.Storage];
            if (s.Kind != PlanValue.WeightKind)
            {
                return new PlanValue(i, v.DType, new EquatableArray<long>(v.Dims), s.Kind, s.Argument);
            }
            var weight = int.Parse(s.Argument, CultureInfo.InvariantCulture);
            var tensor = weightIndex(weight);
            return tensor >= 0
                ? new PlanValue(i, v.DType, new EquatableArray<long>(v.Dims), s.Kind, tensor.ToString(CultureInfo.InvariantCulture))
                : new PlanValue(i, v.DType, new EquatableArray<long>(v.Dims), PlanValue.LiteralKind, Literal(Weights[weight].Values));
        }).ToArray();
        return new PlanProgram(method, signatureKey,
            new EquatableArray<PlanProgramTensor>(parameters.Select(p => Tensor(p.Name, p.Tensor, p.Value, p.Key)).ToArray()),
            new EquatableArray<PlanProgramTensor>(results.Select((p, i) => Tensor(p.Name, p.Tensor, resultValues[i], p.Key)).ToArray()),
            new EquatableArray<PlanSlot>(slots.ToArray()),
            new EquatableArray<PlanValue>(values),
            new EquatableArray<PlanStep>(_steps.Select(s => new PlanStep(s.Kernel, s.Output, new EquatableArray<int>(s.Inputs), new EquatableArray<PlanAttribute>(s.Attributes))).ToArray()),
            new EquatableArray<PlanControl>(_controls.ToArray()));
    }

    private static string Literal(float[] values) => string.Join(",", values.Select(f => f.ToString("R", CultureInfo.InvariantCulture)));

    private PlanProgramTensor Tensor(string name, string tensor, int value, string key) =>
        new(name, tensor, _values[value].DType, new EquatableArray<long>(_values[value].Dims), value, key);

    /// <summary>Greedy interval packing: a temporary takes the first slot free since its last reader ran.</summary>
    private List<PlanSlot> PlanSlots()
    {
        var lastUse = new int[_storages.Count];
        var firstWrite = Enumerable.Repeat(int.MaxValue, _storages.Count).ToArray();
        var loops = LoopRanges();
        void Read(int storage, int at)
        {
            lastUse[storage] = Math.Max(lastUse[storage], at);
            // A scratch buffer is only read (by the kernel that fills it): it is live from that step.
            firstWrite[storage] = Math.Min(firstWrite[storage], at);
            // A value from before a loop read in it is read again by every iteration: live to the loop's end.
            foreach (var (start, end) in loops)
            {
                if (start <= at && at <= end && firstWrite[storage] < start)
                {
                    lastUse[storage] = Math.Max(lastUse[storage], end);
                }
            }
        }
        for (var i = 0; i < _steps.Count; i++)
        {
            foreach (var tested in _controls.Where(c => c.At == i && c.Value >= 0))
            {
                Read(_values[tested.Value].Storage, i);
            }
            foreach (var input in _steps[i].Inputs)
            {
                Read(_values[input].Storage, i);
            }
            var written = _values[_steps[i].Output].Storage;
            firstWrite[written] = Math.Min(firstWrite[written], i);
            lastUse[written] = Math.Max(lastUse[written], i);
        }
        var slotFreeAfter = new List<int>();
        var slotSizes = new List<(long PerBatch, long Fixed)>();
        var slotTypes = new List<string>();
        for (var s = 0; s < _storages.Count; s++)
        {
            var storage = _storages[s];
            // A storage no step touches (one merged into another by a loop or branch) needs no slot,
            // and must not mark one as free from step 0 on.
            if (storage.Kind != PlanValue.SlotKind || firstWrite[s] == int.MaxValue)
            {
                continue;
            }
            var size = _values.Where(v => v.Storage == s).Select(v => Size(v.Dims)).Aggregate((PerBatch: 0L, Fixed: 0L), (a, b) => (Math.Max(a.PerBatch, b.PerBatch), Math.Max(a.Fixed, b.Fixed)));
            // A step may not write a slot one of its own inputs still occupies: strictly after.
            // Slots are typed arrays: a value reuses only a slot of its own dtype.
            var slot = Enumerable.Range(0, slotFreeAfter.Count).FirstOrDefault(i => slotFreeAfter[i] < firstWrite[s] && slotTypes[i] == storage.DType, -1);
            if (slot < 0)
            {
                slot = slotFreeAfter.Count;
                slotFreeAfter.Add(0);
                slotSizes.Add((0, 0));
                slotTypes.Add(storage.DType);
            }
            slotFreeAfter[slot] = lastUse[s];
            slotSizes[slot] = (Math.Max(slotSizes[slot].PerBatch, size.PerBatch), Math.Max(slotSizes[slot].Fixed, size.Fixed));
            storage.Argument = slot.ToString(CultureInfo.InvariantCulture);
        }
        return slotSizes.Select((s, i) => new PlanSlot(i, slotTypes[i], s.PerBatch, s.Fixed)).ToList();
    }

    private static (long PerBatch, long Fixed) Size(long[] dims)
    {
        var row = dims.Aggregate(1L, (a, d) => a * (d < 0 ? 1 : d));
        return dims.Length > 0 && dims[0] == PlanValue.Batch ? (row, 0) : (0, row);
    }

    private int NewValue(string dtype, long[] dims, int storage)
    {
        _values.Add(new Value(dtype, dims, storage));
        return _values.Count - 1;
    }

    private int NewStorage(string kind, string argument, string dtype)
    {
        _storages.Add(new Storage { Kind = kind, Argument = argument, DType = dtype });
        return _storages.Count - 1;
    }

    private sealed record Value(string DType, long[] Dims, int Storage);

    private sealed class Storage
    {
        public string Kind { get; set; } = string.Empty;

        public string Argument { get; set; } = string.Empty;

        public string DType { get; init; } = string.Empty;
    }

    /// <summary>A step under construction; fusion may still add an input or change an attribute.</summary>
    internal sealed class Step
    {
        public Step(string kernel, int output, int[] inputs, PlanAttribute[] attributes)
        {
            Kernel = kernel;
            Output = output;
            Inputs = inputs;
            Attributes = attributes;
        }

        public string Kernel { get; }

        public int Output { get; set; }

        public int[] Inputs { get; set; }

        public PlanAttribute[] Attributes { get; }

        public string this[string name]
        {
            get => Attributes.First(a => a.Name == name).Value;
            set
            {
                var i = Array.FindIndex(Attributes, a => a.Name == name);
                Attributes[i] = Attributes[i] with { Value = value };
            }
        }
    }
}
