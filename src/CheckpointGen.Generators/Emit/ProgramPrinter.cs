using System.Globalization;
using CheckpointGen.Contracts.Plan;
using static CheckpointGen.Generators.Emit.CSharpText;

namespace CheckpointGen.Generators.Emit;

/// <summary>
/// Prints the compiled programs of a plan as typed methods of the generated class: argument
/// checks, then one kernel call per step. Every decision (shapes, kernels, attributes, buffers) is
/// the plan's; this maps each kernel name to its call.
/// </summary>
internal sealed class ProgramPrinter
{
    private const string G = "global::CheckpointGen.Inference.Graphs";
    private const string K = "global::CheckpointGen.Inference.Kernels";

    /// <summary>Literals up to this many elements are printed as array initializers, longer ones as base64.</summary>
    private const int LiteralElements = 64;

    private readonly SourceWriter _w;
    private readonly PlanProgram _p;
    private readonly bool _batched;

    private ProgramPrinter(SourceWriter w, PlanProgram p)
    {
        _w = w;
        _p = p;
        _batched = p.Values.Any(v => v.IsBatched);
    }

    /// <summary>Prints every program of <paramref name="plan"/> as members of its class.</summary>
    public static void Print(SourceWriter w, CheckpointPlan plan)
    {
        foreach (var program in plan.Programs)
        {
            new ProgramPrinter(w, program).Members();
        }
    }

    private string Method => _p.Method;

    private void Members()
    {
        var packs = _p.Steps.Count(s => s.Kernel is ProgramKernels.MatMul or ProgramKernels.Conv2D or ProgramKernels.WinogradConv2D or ProgramKernels.Conv2DTranspose);
        if (packs > 0)
        {
            // Weights packed for the GEMM on an instance's first call (another checkpoint opened with
            // Open has other weights); two threads racing pack equal matrices, either is kept.
            _w.Line($"private readonly {K}.Gemm.PackedMatrix[] _{Camel(Method)}Packed = new {K}.Gemm.PackedMatrix[{Num(packs)}];");
            _w.Line();
        }
        var literals = _p.Values.Where(v => v.Kind == PlanValue.LiteralKind).ToList();
        foreach (var v in literals)
        {
            var element = ProgramDTypes.Element(v.DType);
            var values = v.Argument.Split(',');
            // Long array initializers are slow to compile; a string literal is not.
            var initializer = v.DType == ProgramDTypes.Float32 && values.Length > LiteralElements
                ? $"{G}.Constants.Decode({Literal(Base64(values))})"
                : $"new {element}[] {{ {string.Join(", ", values.Select(e => ElementLiteral(v.DType, e)))} }}";
            _w.Line($"private static readonly {element}[] s_{Camel(Method)}Literal{Num(v.Id)} = {initializer};");
        }
        if (literals.Count > 0)
        {
            _w.Line();
        }
        Keys();
        Maps();
        Doc();
        var parameters = _p.Parameters.Select(t => $"global::System.ReadOnlySpan<{ProgramDTypes.Element(t.DType)}> {t.Name}")
            .Concat(_p.Results.Select(t => $"global::System.Span<{ProgramDTypes.Element(t.DType)}> {t.Name}"));
        using (_w.Open($"public void {Method}({string.Join(", ", parameters)})"))
        {
            Body();
        }
        _w.Line();
        if (_p.Results.Count == 1 && _p.Results[0].Dims.All(d => d != PlanValue.Batch || _p.Parameters.Any(p => p.Dims.Count > 0 && p.Dims[0] == PlanValue.Batch)))
        {
            Returning();
        }
        Workspace();
    }

    /// <summary>The walks of the strided steps, built once per class: their constructors merge the dimensions a call need not loop over.</summary>
    private void Maps()
    {
        var any = false;
        for (var i = 0; i < _p.Steps.Count; i++)
        {
            var s = _p.Steps[i];
            var operands = s.Kernel switch
            {
                ProgramKernels.Strided or ProgramKernels.Pad => new[] { (s["xStrides"], s["xOffset"]), (s["yStrides"], s["yOffset"]) },
                ProgramKernels.BroadcastBinary => new[] { (s["aStrides"], "0"), (s["bStrides"], "0"), (s["cStrides"], "0") },
                _ => null,
            };
            if (operands is null)
            {
                continue;
            }
            var strides = string.Join(", ", operands.Select(o => $"new int[] {{ {Spaced(o.Item1)} }}"));
            _w.Line($"private static readonly {G}.StridedMap {MapField(i)} = new {G}.StridedMap(new int[] {{ {Spaced(s["dims"])} }}, new int[][] {{ {strides} }}, new int[] {{ {string.Join(", ", operands.Select(o => o.Item2))} }});");
            any = true;
        }
        if (any)
        {
            _w.Line();
        }
    }

    /// <summary>The feature keys the parse steps look for, as bytes (a key need not be valid UTF-8).</summary>
    private void Keys()
    {
        var any = false;
        for (var i = 0; i < _p.Steps.Count; i++)
        {
            if (_p.Steps[i].Kernel == ProgramKernels.ParseExample)
            {
                var bytes = Convert.FromBase64String(_p.Steps[i]["key"]);
                _w.Line($"private static readonly byte[] {KeyField(i)} = new byte[] {{ {string.Join(", ", bytes.Select(b => Num(b)))} }};");
                any = true;
            }
        }
        if (any)
        {
            _w.Line();
        }
    }

    private string KeyField(int step) => $"s_{Camel(Method)}Key{Num(step)}";

    private static string Spaced(string list) => list.Replace(",", ", ");

    private string MapField(int step) => $"s_{Camel(Method)}Map{Num(step)}";

    private void Doc()
    {
        _w.Line("/// <summary>");
        var source = _p.SignatureKey.Length > 0 ? $"the signature <c>{Xml(_p.SignatureKey)}</c>" : "the graph";
        _w.Line($"/// Runs {source}: {string.Join(", ", _p.Parameters.Select(t => $"<c>{Xml(t.TensorName)}</c> {Shape(t.Dims)}"))} → {string.Join(", ", _p.Results.Select(t => $"<c>{Xml(t.TensorName)}</c> {Shape(t.Dims)}"))}.");
        _w.Line("/// Tensors are row-major; <c>?</c> is the batch size, taken from the inputs' lengths.");
        _w.Line("/// Thread-safe: each thread has its own workspace, so after a thread's first call at its largest batch a call allocates nothing.");
        _w.Line("/// </summary>");
        foreach (var t in _p.Parameters)
        {
            _w.Line($"/// <param name=\"{t.Name}\">{ParameterDoc(t)}</param>");
        }
        foreach (var t in _p.Results)
        {
            _w.Line($"/// <param name=\"{t.Name}\">Receives tensor <c>{Xml(t.TensorName)}</c>, {t.DType} {Shape(t.Dims)}.</param>");
        }
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not fit its shape, or the inputs disagree on the batch size.</exception>");
        if (_p.Steps.Any(s => s.Kernel == ProgramKernels.ParseExample))
        {
            _w.Line($"/// <exception cref=\"{G}.ExampleFormatException\">An example is malformed, a feature is of the wrong kind or length, or a required feature is missing (the message names the example's index, the feature and the byte offset).</exception>");
        }
    }

    private string ParameterDoc(PlanProgramTensor t) => t.DType == ProgramDTypes.String
        ? $"Serialized <c>tf.Example</c> protos fed at tensor <c>{Xml(t.TensorName)}</c>, one per batch row {Shape(t.Dims)}.{FeaturesDoc(t.Value)}"
        : $"Tensor <c>{Xml(t.TensorName)}</c>, {t.DType} {Shape(t.Dims)}.";

    /// <summary>The features the parse steps read from a string parameter: what a caller's examples must carry.</summary>
    private string FeaturesDoc(int value)
    {
        var features = _p.Steps.Where(s => s.Kernel == ProgramKernels.ParseExample && s.Inputs[0] == value)
            .Select(s => $"<c>{Xml(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s["key"])))}</c> ({_p.Values[s.Output].DType} × {Num(_p.Values[s.Output].RowLength)}{(s.Inputs.Count > 1 ? ", has a default" : ", required")})")
            .ToArray();
        return features.Length == 0 ? string.Empty : $" Features read: {string.Join(", ", features)}.";
    }

    private void Body()
    {
        if (_batched)
        {
            _w.Line("int batch = -1;");
        }
        foreach (var t in _p.Parameters.Concat(_p.Results))
        {
            var row = _p.Values[t.Value].RowLength;
            var batched = t.Dims.Count > 0 && t.Dims[0] == PlanValue.Batch;
            var isInput = _p.Parameters.Contains(t);
            _w.Line(batched && isInput
                ? $"batch = {G}.Arguments.Batch({t.Name}.Length, {Num(row)}, batch, {Literal(t.Name)}, {Literal(Shape(t.Dims))});"
                : $"{G}.Arguments.Length({t.Name}.Length, {(batched ? "(long)batch * " : string.Empty)}{Num(row)}, {Literal(t.Name)}, {Literal(Shape(t.Dims))});");
        }
        if (_p.Slots.Count > 0)
        {
            _w.Line($"var workspace = {WorkspaceClass}.For({(_batched ? "batch" : "1")});");
        }
        var packed = 0;
        var blocks = new Stack<SourceWriter.Block>();
        var control = 0;
        for (var i = 0; i <= _p.Steps.Count; i++)
        {
            for (; control < _p.Controls.Count && _p.Controls[control].At == i; control++)
            {
                Control(_p.Controls[control], blocks);
            }
            if (i < _p.Steps.Count)
            {
                Step(i, ref packed);
            }
        }
    }

    /// <summary>A loop or branch boundary: the plan reader has checked the nesting, so every block opened here is closed.</summary>
    private void Control(PlanControl c, Stack<SourceWriter.Block> blocks)
    {
        switch (c.Kind)
        {
            case PlanControl.Loop:
                _w.Line($"// loop '{OneLine(c.Node)}': its condition, then its body and the carried values it hands back");
                blocks.Push(_w.Open("while (true)"));
                break;
            case PlanControl.Break:
                _w.Line($"if (!{Span(c.Value)}[0]) break;");
                break;
            case PlanControl.If:
                _w.Line($"// branch '{OneLine(c.Node)}'");
                blocks.Push(_w.Open($"if ({Span(c.Value)}[0])"));
                break;
            case PlanControl.Else:
                blocks.Pop().Dispose();
                blocks.Push(_w.Open("else"));
                break;
            default:
                blocks.Pop().Dispose();
                break;
        }
    }

    private void Step(int index, ref int packed)
    {
        var s = _p.Steps[index];
        var output = Span(s.Output);
        var batch = _batched ? "batch" : "1";
        switch (s.Kernel)
        {
            case ProgramKernels.Strided:
                _w.Line($"{G}.Strided.Copy<{Element(s.Output)}>({Span(s.Inputs[0])}, {output}, {batch}, {MapField(index)});");
                break;
            case ProgramKernels.Pad:
                _w.Line($"{G}.Strided.Pad<{Element(s.Output)}>({Span(s.Inputs[0])}, {output}, {ElementLiteral(_p.Values[s.Output].DType, s["value"])}, {batch}, {MapField(index)});");
                break;
            case ProgramKernels.BroadcastBinary:
                _w.Line($"{G}.Elementwise.Binary({G}.BinaryOperator.{s["op"]}, {Span(s.Inputs[0])}, {Span(s.Inputs[1])}, {output}, {batch}, {MapField(index)});");
                break;
            case ProgramKernels.IntegerBinary:
                _w.Line($"{G}.IntegerArithmetic.Binary({G}.BinaryOperator.{s["op"]}, {Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.IntegerDivision:
                _w.Line($"{G}.IntegerDivision.Binary({G}.BinaryOperator.{s["op"]}, {Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {output}, {Literal(s["node"])});");
                break;
            case ProgramKernels.Logical:
                _w.Line(s["op"] == "Not"
                    ? $"{G}.Logical.Not({Span(s.Inputs[0])}, {output});"
                    : $"{G}.Logical.Binary({(s["op"] == "Or" ? "true" : "false")}, {Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.Copy:
                // A literal is an array, whose own CopyTo takes an Array: copy it as a span.
                _w.Line(_p.Values[s.Inputs[0]].Kind == PlanValue.LiteralKind
                    ? $"global::System.MemoryExtensions.CopyTo({Span(s.Inputs[0])}, {output});"
                    : $"{Span(s.Inputs[0])}.CopyTo({output});");
                break;
            case ProgramKernels.Unary:
                // Only LeakyRelu reads a slope (as in the epilogue's Activation).
                var alpha = s["op"] == "LeakyRelu" ? $"{FloatLiteral(s["alpha"])}, " : "";
                _w.Line($"{G}.Elementwise.Unary({G}.UnaryOperator.{s["op"]}, {alpha}{Span(s.Inputs[0])}, {output});");
                break;
            case ProgramKernels.Binary:
                _w.Line($"{G}.Elementwise.Binary({G}.BinaryOperator.{s["op"]}, {Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.MatMul:
                var field = $"_{Camel(Method)}Packed[{Num(packed++)}]";
                var a = _p.Values[s.Inputs[0]];
                var rows = s["transposeA"] == "true" ? Num(a.Dims[1]) : $"{Length(a)} / {s["k"]}";
                var pack = $"({field} ?? ({field} = {K}.Gemm.PackedMatrix.Pack({Span(s.Inputs[1])}, {s["k"]}, {s["n"]}, {s["transposeB"]})))";
                var bias = s.Inputs.Count > 2 ? Span(s.Inputs[2]) : "default";
                _w.Line($"{K}.Gemm.Gemm.Multiply({Span(s.Inputs[0])}, (int)({rows}), {pack}, {output}, {bias}, {Activation(s["activation"], s["alpha"])}, {s["transposeA"]});");
                break;
            case ProgramKernels.Conv2D:
            case ProgramKernels.WinogradConv2D:
                // The kernel classes carry the plan's kernel names; only their filter packing takes different shapes.
                var filter = _p.Values[s.Inputs[1]];
                var slot = $"_{Camel(Method)}Packed[{Num(packed++)}]";
                var shape = s.Kernel == ProgramKernels.Conv2D ? $"{s["fh"]}, {s["fw"]}, {s["channels"]}" : s["channels"];
                var packFilter = $"({slot} ?? ({slot} = {K}.Convolution.{s.Kernel}.PackFilter({Span(s.Inputs[1])}, {shape}, {Num(filter.Dims[3])})))";
                _w.Line($"{K}.Convolution.{s.Kernel}.Run({Span(s.Inputs[0])}, {Images(s)}, {s["channels"]}, {Geometry(s)}, {packFilter}, {output}, {Span(s.Inputs[2])}, {(s.Inputs.Count > 3 ? Span(s.Inputs[3]) : "default")}, {Activation(s["activation"], s["alpha"])});");
                break;
            case ProgramKernels.DepthwiseConv2D:
                _w.Line($"{K}.Convolution.DepthwiseConv2D.Run({Span(s.Inputs[0])}, {Images(s)}, {s["channels"]}, {Geometry(s)}, {Span(s.Inputs[1])}, {s["multiplier"]}, {output}, {(s.Inputs.Count > 2 ? Span(s.Inputs[2]) : "default")}, {Activation(s["activation"], s["alpha"])});");
                break;
            case ProgramKernels.Pool:
                _w.Line($"{K}.Convolution.Pool2D.{s["kind"]}({Span(s.Inputs[0])}, {Images(s)}, {s["channels"]}, {Geometry(s)}, {output});");
                break;
            case ProgramKernels.Softmax:
                _w.Line($"{K}.Elementwise.Softmax.{(s["log"] == "true" ? "ApplyLog" : "Apply")}({Span(s.Inputs[0])}, {s["width"]}, {output});");
                break;
            case ProgramKernels.Reduce:
                _w.Line($"{G}.Reductions.Reduce({G}.ReduceOperator.{s["op"]}, {Span(s.Inputs[0])}, {s["reduce"]}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.Cast:
                _w.Line($"{G}.Conversions.Cast({Span(s.Inputs[0])}, {output});");
                break;
            case ProgramKernels.Compare:
                _w.Line($"{G}.Comparisons.Compare<{Element(s.Inputs[0])}>({G}.ComparisonOperator.{s["op"]}, {Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.Select:
                _w.Line($"{G}.Comparisons.Select<{Element(s.Inputs[1])}>({Span(s.Inputs[0])}, {Mode(s["condition"])}, {Span(s.Inputs[1])}, {Mode(s["a"])}, {Span(s.Inputs[2])}, {Mode(s["b"])}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.ArgReduce:
                _w.Line($"{G}.ArgReductions.ArgReduce<{Element(s.Inputs[0])}>({s["min"]}, {Span(s.Inputs[0])}, {s["reduce"]}, {s["inner"]}, {output});");
                break;
            case ProgramKernels.BatchMatMul:
                var rowsA = s["m"] == "-1" ? $"(int)(({Length(_p.Values[s.Inputs[0]])}) / {s["k"]})" : s["m"];
                _w.Line($"{G}.MatrixProducts.BatchMultiply({Span(s.Inputs[0])}, {Mode(s["a"])}, {Span(s.Inputs[1])}, {Mode(s["b"])}, {s["inner"]}, {rowsA}, {s["k"]}, {s["n"]}, {s["adjointA"]}, {s["adjointB"]}, {output});");
                break;
            case ProgramKernels.ListReserve:
                _w.Line($"{output}.Clear();");
                break;
            case ProgramKernels.ListGetItem:
                _w.Line($"{G}.TensorLists.GetItem<{Element(s.Output)}>({Span(s.Inputs[0])}, {Span(s.Inputs[1])}[0], {s["count"]}, {s["item"]}, {output}, {Literal(s["node"])});");
                break;
            case ProgramKernels.ListSetItem:
                _w.Line($"{G}.TensorLists.SetItem<{Element(s.Output)}>({output}, {Span(s.Inputs[1])}[0], {s["count"]}, {s["item"]}, {Span(s.Inputs[2])}, {Literal(s["node"])});");
                break;
            case ProgramKernels.Gather:
                var groups = s["batchedGroups"] == "true" ? $"{batch} * {s["groups"]}" : s["groups"];
                _w.Line($"{G}.Gathers.Gather<{Element(s.Output)}>({Span(s.Inputs[0])}, {Span(s.Inputs[1])}, {groups}, {s["axis"]}, {s["inner"]}, {output}, {Literal(s["node"])});");
                break;
            case ProgramKernels.ParseExample:
                var defaults = s.Inputs.Count > 1 ? Span(s.Inputs[1]) : $"global::System.ReadOnlySpan<{Element(s.Output)}>.Empty";
                _w.Line($"{G}.Examples.Dense({Span(s.Inputs[0])}, {KeyField(index)}, {defaults}, {output});");
                break;
            case ProgramKernels.Concat:
                var chunks = s["chunks"].Split(',').Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                long offset = 0, total = chunks.Sum();
                for (var i = 0; i < chunks.Length; i++)
                {
                    _w.Line($"{G}.Layout.ConcatPart<{Element(s.Output)}>({Span(s.Inputs[i])}, {Num(chunks[i])}, {Num(offset)}, {Num(total)}, {output});");
                    offset += chunks[i];
                }
                break;
            case ProgramKernels.Conv2DTranspose:
                var transposedSlot = $"_{Camel(Method)}Packed[{Num(packed++)}]";
                var image = _p.Values[s.Inputs[0]];
                var packTransposed = $"({transposedSlot} ?? ({transposedSlot} = {K}.Convolution.Conv2DTranspose.PackFilter({Span(s.Inputs[1])}, {s["fh"]}, {s["fw"]}, {s["outChannels"]}, {s["channels"]})))";
                _w.Line($"{K}.Convolution.Conv2DTranspose.Run({Span(s.Inputs[0])}, (int)(({Length(image)}) / {Num(image.Dims[1] * image.Dims[2] * image.Dims[3])}), {Geometry(s)}, {packTransposed}, {output}, {Span(s.Inputs[2])});");
                break;
            case ProgramKernels.Resize:
                _w.Line($"{K}.Resampling.Resize.{s["method"]}({Span(s.Inputs[0])}, {Images(s)}, {s["channels"]}, {s["h"]}, {s["w"]}, {output}, {s["outH"]}, {s["outW"]}, {s["alignCorners"]}, {s["halfPixelCenters"]});");
                break;
        }
    }

    /// <summary>The allocating convenience overload of a single-output program.</summary>
    private void Returning()
    {
        var result = _p.Results[0];
        var batchedInput = _p.Parameters.FirstOrDefault(p => p.Dims.Count > 0 && p.Dims[0] == PlanValue.Batch);
        _w.Line($"/// <summary>Runs {Method} into a new array (allocates it; the overload taking an output span does not).</summary>");
        foreach (var t in _p.Parameters)
        {
            _w.Line($"/// <param name=\"{t.Name}\">Tensor <c>{Xml(t.TensorName)}</c>, {Shape(t.Dims)}.</param>");
        }
        _w.Line($"/// <returns>Tensor <c>{Xml(result.TensorName)}</c>, {Shape(result.Dims)}.</returns>");
        using (_w.Open($"public {ProgramDTypes.Element(result.DType)}[] {Method}({string.Join(", ", _p.Parameters.Select(t => $"global::System.ReadOnlySpan<{ProgramDTypes.Element(t.DType)}> {t.Name}"))})"))
        {
            var row = Num(_p.Values[result.Value].RowLength);
            var length = result.Dims.Count > 0 && result.Dims[0] == PlanValue.Batch
                ? $"{batchedInput!.Name}.Length / {Num(_p.Values[batchedInput.Value].RowLength)} * {row}"
                : row;
            _w.Line($"var result = new {ProgramDTypes.Element(result.DType)}[{length}];");
            _w.Line($"{Method}({string.Join(", ", _p.Parameters.Select(t => t.Name).Append("result"))});");
            _w.Line("return result;");
        }
        _w.Line();
    }

    private string WorkspaceClass => Method + "Workspace";

    private void Workspace()
    {
        if (_p.Slots.Count == 0)
        {
            return;
        }
        // Not a cref: with the allocating overload beside the span one, a bare method name is ambiguous (CS0419).
        _w.Line($"/// <summary>The buffers of <c>{Method}</c>'s intermediate tensors, one set per thread, grown to the largest batch seen.</summary>");
        using (_w.Open($"private sealed class {WorkspaceClass}"))
        {
            _w.Line($"private static readonly global::System.Threading.ThreadLocal<{WorkspaceClass}> s_current = new global::System.Threading.ThreadLocal<{WorkspaceClass}>(() => new {WorkspaceClass}());");
            foreach (var slot in _p.Slots)
            {
                _w.Line($"public {ProgramDTypes.Element(slot.DType)}[] Slot{Num(slot.Id)} = global::System.Array.Empty<{ProgramDTypes.Element(slot.DType)}>();");
            }
            _w.Line();
            using (_w.Open($"public static {WorkspaceClass} For(int batch)"))
            {
                // Value is never null (the factory makes one); `??` says so to nullable analysis without C# 8's `!`.
                _w.Line($"var workspace = s_current.Value ?? new {WorkspaceClass}();");
                foreach (var slot in _p.Slots)
                {
                    var length = slot.PerBatch == 0 ? Num(slot.Fixed) : $"global::System.Math.Max((long)batch * {Num(slot.PerBatch)}, {Num(slot.Fixed)})";
                    _w.Line($"{G}.Arguments.Ensure(ref workspace.Slot{Num(slot.Id)}, {length});");
                }
                _w.Line("return workspace;");
            }
        }
        _w.Line();
    }

    /// <summary>The span holding value <paramref name="id"/>, exactly its length.</summary>
    private string Span(int id)
    {
        var v = _p.Values[id];
        return v.Kind switch
        {
            PlanValue.ParameterKind => _p.Parameters[int.Parse(v.Argument, CultureInfo.InvariantCulture)].Name,
            PlanValue.ResultKind => _p.Results[int.Parse(v.Argument, CultureInfo.InvariantCulture)].Name,
            PlanValue.WeightKind => $"_storage.GetTensor<{ProgramDTypes.Element(v.DType)}>({v.Argument}).Span",
            PlanValue.LiteralKind => $"s_{Camel(Method)}Literal{Num(v.Id)}",
            _ => $"global::System.MemoryExtensions.AsSpan(workspace.Slot{v.Argument}, 0, (int)({Length(v)}))",
        };
    }

    /// <summary>The C# element type of value <paramref name="id"/>.</summary>
    private string Element(int id) => ProgramDTypes.Element(_p.Values[id].DType);

    /// <summary>The images in a windowed step's input: its length over one image's.</summary>
    private string Images(PlanStep s) =>
        $"(int)(({Length(_p.Values[s.Inputs[0]])}) / {Num(long.Parse(s["h"], CultureInfo.InvariantCulture) * long.Parse(s["w"], CultureInfo.InvariantCulture) * long.Parse(s["channels"], CultureInfo.InvariantCulture))})";

    private static string Geometry(PlanStep s) =>
        $"{K}.Convolution.ConvGeometry.Create({s["h"]}, {s["w"]}, {s["fh"]}, {s["fw"]}, {s["sh"]}, {s["sw"]}, {K}.Convolution.Padding.{s["padding"]}, {s["dh"]}, {s["dw"]}, {s["pt"]}, {s["pb"]}, {s["pl"]}, {s["pr"]})";

    private static string Length(PlanValue v) => v.IsBatched ? $"(long)batch * {Num(v.RowLength)}" : Num(v.RowLength);

    private static string Mode(string mode) => $"{G}.Broadcast." + mode switch { "same" => "Same", "row" => "Row", _ => "Column" };

    private static string Activation(string kind, string alpha) => kind switch
    {
        "None" => "default",
        "LeakyRelu" => $"{K}.Activation.LeakyRelu({FloatLiteral(alpha)})",
        _ => $"{K}.Activation.{kind}",
    };

    private static string Shape(EquatableArray<long> dims) => "[" + string.Join(", ", dims.Select(d => d == PlanValue.Batch ? "?" : Num(d))) + "]";

    /// <summary>Float values as <c>Constants.Decode</c> reads them: little-endian IEEE 754 bytes in base64.</summary>
    private static string Base64(string[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            var bits = BitConverter.ToInt32(BitConverter.GetBytes(float.Parse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture)), 0);
            bytes[4 * i] = (byte)bits;
            bytes[4 * i + 1] = (byte)(bits >> 8);
            bytes[4 * i + 2] = (byte)(bits >> 16);
            bytes[4 * i + 3] = (byte)(bits >> 24);
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>A value of <paramref name="dtype"/> as C# source (a literal's element, a kernel's scalar argument).</summary>
    private static string ElementLiteral(string dtype, string text) => dtype switch
    {
        ProgramDTypes.Float32 => FloatLiteral(text),
        ProgramDTypes.Bool => text == "1" ? "true" : "false",
        ProgramDTypes.Int64 => text + "L",
        _ => text,
    };

    private static string FloatLiteral(string text)
    {
        var f = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
