using System.Text.Json.Nodes;
using CheckpointGen.Protos;
using static CheckpointGen.Tests.Keras.FunctionBody;

namespace CheckpointGen.Tests.Keras;

/// <summary>
/// Keras' recurrent layers as tf.keras 2 saves them. LSTM, and GRU with reset_after (the CuDNN-compatible
/// ones), call <c>standard_lstm</c>/<c>standard_gru</c> with their weights read before the call; the library
/// also holds the GPU twin with the same <c>api_implements</c>. GRU without reset_after and SimpleRNN run
/// the base RNN's loop in the layer's own function, the cell reading its variables inside the loop body.
/// The loop is keras.backend.rnn's: input transposed to time-major (reversed for go_backwards), a
/// TensorList of steps, a StatelessWhile writing each output to a list (one item unless the sequence is
/// returned), with a mask the outputs and states of masked steps kept from the step before.
/// </summary>
internal sealed partial class KerasModelBuilder
{
    private const DataType F = DataType.DtFloat, I = DataType.DtInt32, V = DataType.DtVariant, B = DataType.DtBool, R = DataType.DtResource;

    private int _functionId = 1000;

    public string Lstm(int units, bool returnSequences = false, bool goBackwards = false, string? from = null) =>
        AddRecurrent(new Rnn(RnnKind.Lstm, units, ResetAfter: true, returnSequences, goBackwards), from);

    public string Gru(int units, bool resetAfter = true, bool returnSequences = false, bool goBackwards = false, string? from = null) =>
        AddRecurrent(new Rnn(RnnKind.Gru, units, resetAfter, returnSequences, goBackwards), from);

    public string SimpleRnn(int units, bool returnSequences = false, bool goBackwards = false, string? from = null) =>
        AddRecurrent(new Rnn(RnnKind.SimpleRnn, units, ResetAfter: false, returnSequences, goBackwards), from);

    /// <summary>Bidirectional(LSTM or GRU), merge_mode concat: forward and backward layers as nested calls, the backward sequence reversed back.</summary>
    public string Bidirectional(bool gru, int units, bool returnSequences = false, bool resetAfter = true, string? from = null)
    {
        var input = Shape(from);
        var inner = new Rnn(gru ? RnnKind.Gru : RnnKind.Lstm, units, resetAfter, returnSequences, GoBackwards: false) { Features = input[^1] };
        var innerName = NextName(inner.ClassName);
        var backward = inner with { GoBackwards = true };
        var weights = inner.Weights(this, input[^1], "forward_layer/cell").Concat(backward.Weights(this, input[^1], "backward_layer/cell")).ToArray();
        long[] output = returnSequences ? [input[0], 2 * units] : [2 * units];
        var config = Config(("layer", new JsonObject { ["class_name"] = inner.ClassName, ["config"] = inner.LayerConfig(innerName) }), ("merge_mode", "concat"));
        var name = Add("Bidirectional", from, output, config, weights, (f, x, w) =>
        {
            var mask = x.Length > 1 ? x[1] : null;
            var forward = NestedCall(f, "forward_" + innerName, inner, x[0], mask, w[..3]);
            var reversed = NestedCall(f, "backward_" + innerName, backward, x[0], mask, w[3..]);
            if (returnSequences)
            {
                reversed = f.Add("ReverseV2", "ReverseV2", "output", [reversed, f.Ints("ReverseV2/axis", 1)], ("T", Type(F)), ("Tidx", Type(I)));
            }
            return f.Float("concat", "ConcatV2", "output", [forward, reversed, f.Scalar("concat/axis", -1)], ("N", new AttrValue { I = 2 }), ("Tidx", Type(I)));
        });
        var layer = _layers[^1];
        layer.TakesMask = true;
        layer.PassesMask = returnSequences;
        layer.SubObjects =
        [
            .. new[] { ("forward_layer", inner), ("backward_layer", backward) }.SelectMany(p => new[]
            {
                new KerasSubObject(p.Item1, $"{p.Item1[..p.Item1.IndexOf('_')]}_{innerName}", inner.ClassName, "_tf_keras_rnn_layer", p.Item2.LayerConfig($"{p.Item1[..p.Item1.IndexOf('_')]}_{innerName}")),
                new KerasSubObject(p.Item1 + "/cell", inner.CellName, inner.CellClass, "_tf_keras_layer", inner.CellConfig()),
            }),
        ];
        return name;
    }

    /// <summary>Masking: the layer zeroes masked steps; the model function computes the mask as Keras' compute_mask does (NotEqual, then Any over the features).</summary>
    public string Masking(float maskValue = 0f, string? from = null)
    {
        var name = Add("Masking", from, Shape(from), Config(("mask_value", maskValue)), [], (f, x, _) =>
        {
            var notEqual = f.Add("NotEqual", "NotEqual", "z", [x[0], f.Scalar("NotEqual/y", maskValue)], ("T", Type(F)), ("incompatible_shape_error", new AttrValue { B = true }));
            var any = f.Add("Any", "Any", "output", [notEqual, f.Scalar("Any/reduction_indices", -1)], ("Tidx", Type(I)), ("keep_dims", new AttrValue { B = true }));
            var cast = f.Add("Cast", "Cast", "y", [any], ("SrcT", Type(B)), ("DstT", Type(F)), ("Truncate", new AttrValue { B = false }));
            return f.Float("mul", "Mul", "z", [x[0], cast]);
        });
        _layers[^1].ComputeMask = (f, x) =>
        {
            var notEqual = f.Add($"{name}/NotEqual", "NotEqual", "z", [x[0], f.Scalar($"{name}/NotEqual/y", maskValue)], ("T", Type(F)), ("incompatible_shape_error", new AttrValue { B = true }));
            return f.Add($"{name}/Any", "Any", "output", [notEqual, f.Scalar($"{name}/Any/reduction_indices", -1)], ("Tidx", Type(I)), ("keep_dims", new AttrValue { B = false }));
        };
        return name;
    }

    /// <summary>Embedding(mask_zero=True): the model function computes the mask as NotEqual(ids, 0).</summary>
    public string MaskedEmbedding(int vocabulary, int width, string? from = null)
    {
        var name = Embedding(vocabulary, width, from: from);
        var layer = _layers[^1];
        layer.Config["mask_zero"] = true;
        layer.ComputeMask = (f, x) => f.Add($"{name}/NotEqual", "NotEqual", "z", [x[0], f.Scalar($"{name}/NotEqual/y", 0f)], ("T", Type(F)), ("incompatible_shape_error", new AttrValue { B = true }));
        return name;
    }

    private string AddRecurrent(Rnn rnn, string? from)
    {
        var input = Shape(from);
        rnn = rnn with { Features = input[^1] };
        var output = rnn.ReturnSequences ? new[] { input[0], (long)rnn.Units } : [rnn.Units];
        var name = Add(rnn.ClassName, from, output, rnn.LayerConfig(string.Empty), rnn.Weights(this, input[^1], "cell"), (f, x, w) => RecurrentCall(f, rnn, x[0], x.Length > 1 ? x[1] : null, w));
        var layer = _layers[^1];
        layer.Identifier = "_tf_keras_rnn_layer";
        layer.TakesMask = true;
        layer.PassesMask = rnn.ReturnSequences;
        layer.SubObjects = [new KerasSubObject("cell", rnn.CellName, rnn.CellClass, "_tf_keras_layer", rnn.CellConfig())];
        return name;
    }

    /// <summary>A wrapped layer's call: its own call function, called with the input, mask and its weights' handles.</summary>
    private string NestedCall(FunctionBody f, string name, Rnn rnn, string input, string? mask, string[] resources)
    {
        var body = new FunctionBody();
        var arguments = new[] { "inputs" }.Concat(mask is null ? [] : new[] { "mask" }).ToArray();
        var own = resources.Select((_, i) => $"read_{i}_readvariableop_resource").ToArray();
        var result = RecurrentCall(body, rnn, "inputs", mask is null ? null : "mask", own);
        var function = $"__inference_{name}_layer_call_and_return_conditional_losses_{_functionId++}";
        f.Library.AddRange(body.Library);
        f.Library.Add(body.ToFunction(function, arguments.Select(a => (a, a == "mask" ? B : F)).Concat(own.Select(r => (r, R))), result));
        var call = f.Add($"{name}/StatefulPartitionedCall", "StatefulPartitionedCall", "output", [input, .. mask is null ? [] : new[] { mask }, .. resources]);
        CallAttributes(f.Nodes[^1], function, 1, resources.Length, mask is not null);
        return call;
    }

    /// <summary>The layer's call function body: zero initial states for the batch, then the CuDNN-compatible implementation's call or the base RNN's loop.</summary>
    private string RecurrentCall(FunctionBody f, Rnn rnn, string input, string? mask, string[] resources)
    {
        var shape = f.Add("Shape", "Shape", "output", [input], ("T", Type(F)), ("out_type", Type(I)));
        var batch = Step(f, "strided_slice", shape, 0, I);
        var states = Enumerable.Range(0, rnn.States).Select(s =>
        {
            var zeros = s == 0 ? "zeros" : $"zeros_{s}";
            var packed = f.Add($"{zeros}/packed", "Pack", "output", [batch, f.Scalar($"{zeros}/packed/1", rnn.Units)], ("T", Type(I)), ("N", new AttrValue { I = 2 }), ("axis", new AttrValue { I = 0 }));
            return f.Float(zeros, "Fill", "output", [packed, f.Scalar($"{zeros}/Const", 0f)], ("index_type", Type(I)));
        }).ToArray();
        if (!rnn.Standard)
        {
            var (last, sequences, _) = Loop(f, rnn, input, mask, states, resources, readInBody: true);
            return rnn.ReturnSequences ? sequences : last;
        }
        var weights = resources.Select((r, i) =>
        {
            var read = i == 0 ? "Read" : $"Read_{i}";
            return f.Add($"{read}/Identity", "Identity", "output", [f.Read($"{read}/ReadVariableOp", r)], ("T", Type(F)));
        }).ToArray();
        var standard = StandardFunctions(f, rnn, mask is not null);
        string[] arguments = [input, .. states, .. weights, .. mask is null ? [] : new[] { mask }];
        f.Add("PartitionedCall", "PartitionedCall", "output", arguments,
            ("f", new AttrValue { Func = new NameAttrList { Name = standard.Signature.Name } }),
            ("Tin", Types(standard.Signature.InputArg.Select(a => a.Type))), ("Tout", Types(standard.Signature.OutputArg.Select(a => a.Type))),
            ("config", Text(string.Empty)), ("config_proto", Text(string.Empty)), ("executor_type", Text(string.Empty)));
        return $"PartitionedCall:output:{(rnn.ReturnSequences ? 1 : 0)}";
    }

    /// <summary>Adds standard_lstm / standard_gru (api_preferred_device CPU), its loop's functions, and the GPU twin Keras registers beside it (a CuDNN kernel no CPU build can run) to the library; returns the standard one.</summary>
    private FunctionDef StandardFunctions(FunctionBody f, Rnn rnn, bool masked)
    {
        string[] states = rnn.States == 2 ? ["init_h", "init_c"] : ["init_h"];
        var arguments = new[] { ("inputs", F) }.Concat(states.Select(s => (s, F))).Concat(new[] { ("kernel", F), ("recurrent_kernel", F), ("bias", F) })
            .Concat(masked ? new[] { ("mask", B) } : []).ToArray();
        var implements = $"{rnn.ClassName.ToLowerInvariant()}_{new Guid(_random.Next(), 0, 0, new byte[8])}";
        var body = new FunctionBody();
        string[] weights = ["kernel", "recurrent_kernel", "bias"];
        if (rnn.Kind == RnnKind.Gru)
        {
            // standard_gru unstacks the input and recurrent biases before the loop.
            var unstack = body.Add("unstack", "Unpack", "output", ["bias"], ("T", Type(F)), ("num", new AttrValue { I = 2 }), ("axis", new AttrValue { I = 0 }));
            weights = ["kernel", "recurrent_kernel", unstack, Out(unstack, 1)];
        }
        var (last, sequences, finalStates) = Loop(body, rnn, "inputs", masked ? "mask" : null, states, weights, readInBody: false);
        var runtime = body.Scalar("runtime", 1f);
        string[] results = [last, sequences, .. finalStates, runtime];
        var outputs = results.Select((r, i) => (Name: i == 0 ? "identity" : $"identity_{i}", F, body.Add(i == 0 ? "Identity" : $"Identity_{i}", "Identity", "output", [r], ("T", Type(F))))).ToArray();
        var kind = rnn.ClassName.ToLowerInvariant();
        var standard = body.ToFunction($"__inference_standard_{kind}_{_functionId++}", arguments, outputs,
            ("api_implements", Text(implements)), ("api_preferred_device", Text("CPU")), ("go_backwards", Text(string.Empty)), ("time_major", Text(string.Empty)));

        var cudnn = new FunctionBody();
        var call = cudnn.Add("CudnnRNNV3", "CudnnRNNV3", "output", ["inputs", "init_h", rnn.States == 2 ? "init_c" : "init_h", "kernel", "recurrent_kernel", "bias"], ("T", Type(F)), ("rnn_mode", Text(kind)));
        var gpuOutputs = outputs.Select(o => (o.Name, F, call)).ToArray();
        var gpu = cudnn.ToFunction($"__inference_gpu_{kind}_with_fallback_{_functionId++}", arguments, gpuOutputs,
            ("api_implements", Text(implements)), ("api_preferred_device", Text("GPU")), ("go_backwards", Text(string.Empty)), ("time_major", Text(string.Empty)));
        f.Library.AddRange(body.Library);
        f.Library.Add(standard);
        f.Library.Add(gpu);
        return standard;
    }

    /// <summary>
    /// keras.backend.rnn's symbolic loop in <paramref name="f"/>: returns the last output, the output sequence
    /// (batch-major) and the final states. <paramref name="weights"/> are values, or (<paramref name="readInBody"/>)
    /// variable handles the cell reads inside the body.
    /// </summary>
    private (string Last, string Sequences, string[] States) Loop(FunctionBody f, Rnn rnn, string input, string? mask, string[] init, string[] weights, bool readInBody)
    {
        var timeMajor = f.Add("transpose", "Transpose", "y", [input, f.Ints("transpose/perm", 1, 0, 2)], ("T", Type(F)), ("Tperm", Type(I)));
        var steps = Step(f, "strided_slice_1", f.Add("Shape_1", "Shape", "output", [timeMajor], ("T", Type(F)), ("out_type", Type(I))), 0, I);
        var features = (int)rnn.Features;
        var unstacked = rnn.GoBackwards ? f.Add("ReverseV2", "ReverseV2", "output", [timeMajor, f.Ints("ReverseV2/axis", 0)], ("T", Type(F)), ("Tidx", Type(I))) : timeMajor;
        var inputList = f.Add("TensorArrayUnstack/TensorListFromTensor", "TensorListFromTensor", "output_handle", [unstacked, f.Ints("TensorArrayUnstack/TensorListFromTensor/element_shape", -1, features)],
            ("element_dtype", Type(F)), ("shape_type", Type(I)));
        string? maskList = null, zeroOutput = null;
        if (mask is not null)
        {
            var expanded = f.Add("ExpandDims", "ExpandDims", "output", [mask, f.Scalar("ExpandDims/dim", -1)], ("T", Type(B)), ("Tdim", Type(I)));
            var maskMajor = f.Add("transpose_1", "Transpose", "y", [expanded, f.Ints("transpose_1/perm", 1, 0, 2)], ("T", Type(B)), ("Tperm", Type(I)));
            if (rnn.GoBackwards)
            {
                maskMajor = f.Add("ReverseV2_1", "ReverseV2", "output", [maskMajor, f.Ints("ReverseV2_1/axis", 0)], ("T", Type(B)), ("Tidx", Type(I)));
            }
            maskList = f.Add("TensorArrayUnstack_1/TensorListFromTensor", "TensorListFromTensor", "output_handle", [maskMajor, f.Ints("TensorArrayUnstack_1/TensorListFromTensor/element_shape", -1, 1)],
                ("element_dtype", Type(B)), ("shape_type", Type(I)));
            // The output at time zero only gives the zeros the first masked step keeps (zeros_like).
            var first = f.Add("strided_slice_2", "StridedSlice", "output", [timeMajor, f.Ints("strided_slice_2/stack", 0), f.Ints("strided_slice_2/stack_1", 1), f.Ints("strided_slice_2/stack_2", 1)],
                ("T", Type(F)), ("Index", Type(I)), ("shrink_axis_mask", new AttrValue { I = 1 }), ("begin_mask", new AttrValue { I = 0 }), ("end_mask", new AttrValue { I = 0 }),
                ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));
            var (output0, _) = Cell(f, rnn, readInBody ? rnn.CellName + "/" : string.Empty, first, init, readInBody ? weights.Select((w, i) => f.Read($"cell_read_{i}/ReadVariableOp", w)).ToArray() : weights);
            zeroOutput = f.Add("zeros_like", "ZerosLike", "y", [output0], ("T", Type(F)));
        }
        var outputList = f.Add("TensorArrayV2_1", "TensorListReserve", "handle", [f.Ints("TensorArrayV2_1/element_shape", -1, rnn.Units), rnn.ReturnSequences ? steps : f.Scalar("TensorArrayV2_1/num_elements", 1)],
            ("element_dtype", Type(F)), ("shape_type", Type(I)));

        // Loop variables: counter, maximum iterations, time, output list, [previous output], states; then the invariants.
        var carried = new List<(string Name, DataType Type, string Init)>
        {
            ("while_loop_counter", I, f.Scalar("while/loop_counter", 0)), ("while_maximum_iterations", I, f.Scalar("while/maximum_iterations", -1)),
            ("placeholder", I, f.Scalar("time", 0)), ("placeholder_1", V, outputList),
        };
        if (zeroOutput is not null)
        {
            carried.Add(("prev_output", F, zeroOutput));
        }
        carried.AddRange(init.Select((s, i) => ($"state_{i}", F, s)));
        var invariants = new List<(string Name, DataType Type, string Init)> { ("steps", I, steps), ("input_list", V, inputList) };
        if (maskList is not null)
        {
            invariants.Add(("mask_list", V, maskList));
        }
        invariants.AddRange(weights.Select((w, i) => ($"weight_{i}", readInBody ? R : F, w)));
        var variables = carried.Concat(invariants).ToArray();

        var cond = new FunctionBody();
        var less = cond.Add("while/Less", "Less", "z", ["placeholder", "steps"], ("T", Type(I)));
        var condName = $"while_cond_{_functionId++}";
        f.Library.Add(cond.ToFunction(condName, variables.Select(v => (v.Name, v.Type)), [("identity", B, cond.Add("while/Identity", "Identity", "output", [less], ("T", Type(B))))]));

        var body = new FunctionBody();
        var item = body.Add("while/TensorArrayV2Read/TensorListGetItem", "TensorListGetItem", "item",
            ["input_list", "placeholder", body.Ints("while/TensorArrayV2Read/TensorListGetItem/element_shape", -1, features)], ("element_dtype", Type(F)));
        var stateArgs = init.Select((_, i) => $"state_{i}").ToArray();
        var cellWeights = invariants.Where(v => v.Name.StartsWith("weight_", StringComparison.Ordinal)).Select(v => v.Name).ToArray();
        if (readInBody)
        {
            cellWeights = cellWeights.Select((w, i) => body.Read($"while/cell/ReadVariableOp_{i}", w)).ToArray();
        }
        var (output, newStates) = Cell(body, rnn, readInBody ? $"while/{rnn.CellName}/" : "while/", item, stateArgs, cellWeights);
        if (maskList is not null)
        {
            var maskT = body.Add("while/TensorArrayV2Read_1/TensorListGetItem", "TensorListGetItem", "item",
                ["mask_list", "placeholder", body.Ints("while/TensorArrayV2Read_1/TensorListGetItem/element_shape", -1, 1)], ("element_dtype", Type(B)));
            string Keep(int k, string value, string previous)
            {
                var tiled = body.Add($"while/Tile_{k}", "Tile", "output", [maskT, body.Ints($"while/Tile_{k}/multiples", 1, 1)], ("T", Type(B)), ("Tmultiples", Type(I)));
                return body.Add($"while/SelectV2_{k}", "SelectV2", "output", [tiled, value, previous], ("T", Type(F)));
            }
            output = Keep(0, output, "prev_output");
            newStates = newStates.Select((s, i) => Keep(i + 1, s, stateArgs[i])).ToArray();
        }
        var written = body.Add("while/TensorArrayV2Write/TensorListSetItem", "TensorListSetItem", "output_handle",
            ["placeholder_1", rnn.ReturnSequences ? "placeholder" : body.Scalar("while/TensorArrayV2Write/TensorListSetItem/index", 0), output], ("element_dtype", Type(F)));
        var time = body.Add("while/add_time", "AddV2", "z", ["placeholder", body.Scalar("while/add_time/y", 1)], ("T", Type(I)));
        var counter = body.Add("while/add_counter", "AddV2", "z", ["while_loop_counter", body.Scalar("while/add_counter/y", 1)], ("T", Type(I)));
        var results = new List<string> { counter, "while_maximum_iterations", time, written };
        if (zeroOutput is not null)
        {
            results.Add(output);
        }
        results.AddRange(newStates);
        var rets = results.Select((r, i) => (Name: $"identity_{i}", variables[i].Type, Value: body.Add($"while/Identity_{i}", "Identity", "output", [r], ("T", Type(variables[i].Type)))))
            .Concat(invariants.Select(v => (Name: v.Name + "_out", v.Type, Value: v.Name)));
        var bodyName = $"while_body_{_functionId++}";
        f.Library.Add(body.ToFunction(bodyName, variables.Select(v => (v.Name, v.Type)), rets));

        var loop = f.Add("while", "StatelessWhile", "output", variables.Select(v => v.Init).ToArray(),
            ("T", Types(variables.Select(v => v.Type))), ("cond", new AttrValue { Func = new NameAttrList { Name = condName } }),
            ("body", new AttrValue { Func = new NameAttrList { Name = bodyName } }), ("parallel_iterations", new AttrValue { I = 32 }));
        var stacked = f.Add("TensorArrayV2Stack/TensorListStack", "TensorListStack", "tensor", [Out(loop, 3), f.Ints("TensorArrayV2Stack/TensorListStack/element_shape", -1, rnn.Units)],
            ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = rnn.ReturnSequences ? -1 : 1 }));
        var last = f.Add("strided_slice_3", "StridedSlice", "output", [stacked, f.Ints("strided_slice_3/stack", -1), f.Ints("strided_slice_3/stack_1", 0), f.Ints("strided_slice_3/stack_2", 1)],
            ("T", Type(F)), ("Index", Type(I)), ("shrink_axis_mask", new AttrValue { I = 1 }), ("begin_mask", new AttrValue { I = 0 }), ("end_mask", new AttrValue { I = 0 }),
            ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));
        var sequences = f.Add("transpose_2", "Transpose", "y", [stacked, f.Ints("transpose_2/perm", 1, 0, 2)], ("T", Type(F)), ("Tperm", Type(I)));
        var firstState = zeroOutput is null ? 4 : 5;
        return (last, sequences, init.Select((_, i) => Out(loop, firstState + i)).ToArray());
    }

    /// <summary>One step of the cell, as the layer's implementation traces it: (output, new states).</summary>
    private static (string Output, string[] States) Cell(FunctionBody f, Rnn rnn, string p, string x, string[] states, string[] w)
    {
        string MatMul(string name, string a, string b) => f.Float(p + name, "MatMul", "product", [a, b], ("transpose_a", new AttrValue { B = false }), ("transpose_b", new AttrValue { B = false }));
        string BiasAdd(string name, string a, string b) => f.Float(p + name, "BiasAdd", "output", [a, b], ("data_format", Text("NHWC")));
        string Binary(string name, string op, string a, string b) => f.Float(p + name, op, "z", [a, b]);
        string Unary(string name, string op, string a) => f.Float(p + name, op, "y", [a]);
        string[] Split(string name, string a, int parts)
        {
            var split = f.Float(p + name, "Split", "output", [f.Scalar(p + name + "/split_dim", parts == 4 ? 1 : -1), a], ("num_split", new AttrValue { I = parts }));
            return Enumerable.Range(0, parts).Select(i => Out(split, i)).ToArray();
        }
        switch (rnn.Kind)
        {
            case RnnKind.Lstm:
            {
                var z = BiasAdd("BiasAdd", Binary("add", "AddV2", MatMul("MatMul", x, w[0]), MatMul("MatMul_1", states[0], w[1])), w[2]);
                var g = Split("split", z, 4);
                var c = Binary("add_1", "AddV2", Binary("mul", "Mul", Unary("Sigmoid_1", "Sigmoid", g[1]), states[1]), Binary("mul_1", "Mul", Unary("Sigmoid", "Sigmoid", g[0]), Unary("Tanh", "Tanh", g[2])));
                var h = Binary("mul_2", "Mul", Unary("Sigmoid_2", "Sigmoid", g[3]), Unary("Tanh_1", "Tanh", c));
                return (h, [h, c]);
            }
            case RnnKind.Gru when rnn.ResetAfter:
            {
                var xs = Split("split", BiasAdd("BiasAdd", MatMul("MatMul", x, w[0]), w[2]), 3);
                var hs = Split("split_1", BiasAdd("BiasAdd_1", MatMul("MatMul_1", states[0], w[1]), w[3]), 3);
                var zg = Unary("Sigmoid", "Sigmoid", Binary("add", "AddV2", xs[0], hs[0]));
                var r = Unary("Sigmoid_1", "Sigmoid", Binary("add_1", "AddV2", xs[1], hs[1]));
                var hh = Unary("Tanh", "Tanh", Binary("add_2", "AddV2", xs[2], Binary("mul", "Mul", r, hs[2])));
                var h = Binary("add_3", "AddV2", Binary("mul_1", "Mul", zg, states[0]), Binary("mul_2", "Mul", Binary("sub", "Sub", f.Scalar(p + "sub/x", 1f), zg), hh));
                return (h, [h]);
            }
            case RnnKind.Gru:
            {
                // GRUCell, implementation 2, reset_after False: the recurrent kernel's first 2·units columns for z and r, the rest for the candidate.
                var units = rnn.Units;
                var xs = Split("split", BiasAdd("BiasAdd", MatMul("MatMul", x, w[0]), w[2]), 3);
                var inner = MatMul("MatMul_1", states[0], Columns(f, p + "strided_slice", w[1], 0, 2 * units));
                var split = f.Float(p + "split_1", "SplitV", "output", [inner, f.Ints(p + "split_1/size_splits", units, units, -1), f.Scalar(p + "split_1/split_dim", -1)],
                    ("Tlen", Type(I)), ("num_split", new AttrValue { I = 3 }));
                var zg = Unary("Sigmoid", "Sigmoid", Binary("add", "AddV2", xs[0], split));
                var r = Unary("Sigmoid_1", "Sigmoid", Binary("add_1", "AddV2", xs[1], Out(split, 1)));
                var candidate = MatMul("MatMul_2", Binary("mul", "Mul", r, states[0]), Columns(f, p + "strided_slice_1", w[1], 2 * units, 0));
                var hh = Unary("Tanh", "Tanh", Binary("add_2", "AddV2", xs[2], candidate));
                var h = Binary("add_3", "AddV2", Binary("mul_1", "Mul", zg, states[0]), Binary("mul_2", "Mul", Binary("sub", "Sub", f.Scalar(p + "sub/x", 1f), zg), hh));
                return (h, [h]);
            }
            default:
            {
                var h = Binary("add", "AddV2", BiasAdd("BiasAdd", MatMul("MatMul", x, w[0]), w[2]), MatMul("MatMul_1", states[0], w[1]));
                var output = Unary("Tanh", "Tanh", h);
                return (output, [output]);
            }
        }
    }

    /// <summary><c>kernel[:, begin:end]</c> (end 0: to the end), as Python slicing traces it.</summary>
    private static string Columns(FunctionBody f, string name, string matrix, int begin, int end) =>
        f.Add(name, "StridedSlice", "output", [matrix, f.Ints(name + "/stack", 0, begin), f.Ints(name + "/stack_1", 0, end), f.Ints(name + "/stack_2", 1, 1)],
            ("T", Type(F)), ("Index", Type(I)), ("begin_mask", new AttrValue { I = 1 }), ("end_mask", new AttrValue { I = end == 0 ? 3 : 1 }),
            ("shrink_axis_mask", new AttrValue { I = 0 }), ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));

    /// <summary>Element <paramref name="index"/> of a vector, as <c>x[index]</c> traces.</summary>
    private static string Step(FunctionBody f, string name, string vector, int index, DataType type) =>
        f.Add(name, "StridedSlice", "output", [vector, f.Ints(name + "/stack", index), f.Ints(name + "/stack_1", index + 1), f.Ints(name + "/stack_2", 1)],
            ("T", Type(type)), ("Index", Type(I)), ("shrink_axis_mask", new AttrValue { I = 1 }), ("begin_mask", new AttrValue { I = 0 }), ("end_mask", new AttrValue { I = 0 }),
            ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));

    /// <summary>Output <paramref name="index"/> of the output argument <paramref name="reference"/> names.</summary>
    private static string Out(string reference, int index) => reference[..reference.LastIndexOf(':')] + ":" + index;

    private enum RnnKind { Lstm, Gru, SimpleRnn }

    private sealed record Rnn(RnnKind Kind, int Units, bool ResetAfter, bool ReturnSequences, bool GoBackwards)
    {
        /// <summary>The input's feature count (its last dimension).</summary>
        public long Features { get; init; }

        public string ClassName => Kind switch { RnnKind.Lstm => "LSTM", RnnKind.Gru => "GRU", _ => "SimpleRNN" };

        public string CellClass => ClassName + "Cell";

        public string CellName => Kind switch { RnnKind.Lstm => "lstm_cell", RnnKind.Gru => "gru_cell", _ => "simple_rnn_cell" };

        public int Gates => Kind switch { RnnKind.Lstm => 4, RnnKind.Gru => 3, _ => 1 };

        public int States => Kind == RnnKind.Lstm ? 2 : 1;

        /// <summary>Keras calls a CuDNN-compatible implementation (standard_lstm, standard_gru) rather than the base RNN's loop.</summary>
        public bool Standard => Kind == RnnKind.Lstm || (Kind == RnnKind.Gru && ResetAfter);

        public KerasWeight[] Weights(KerasModelBuilder model, long features, string owner)
        {
            long[] bias = Kind == RnnKind.Gru && ResetAfter ? [2, Gates * Units] : [Gates * Units];
            return
            [
                model.Weight("kernel", features, Gates * Units) with { Owner = owner },
                model.Weight("recurrent_kernel", Units, Gates * Units) with { Owner = owner },
                model.Weight("bias", bias) with { Owner = owner },
            ];
        }

        public JsonObject CellConfig()
        {
            var config = Config(("name", CellName), ("trainable", true), ("dtype", "float32"), ("units", Units), ("activation", "tanh"), ("use_bias", true),
                ("kernel_initializer", Initializer("GlorotUniform")), ("recurrent_initializer", Initializer("Orthogonal")), ("bias_initializer", Initializer("Zeros")),
                ("dropout", 0.0), ("recurrent_dropout", 0.0));
            if (Kind != RnnKind.SimpleRnn)
            {
                config["recurrent_activation"] = "sigmoid";
                config["implementation"] = 2;
            }
            if (Kind == RnnKind.Lstm)
            {
                config["unit_forget_bias"] = true;
            }
            if (Kind == RnnKind.Gru)
            {
                config["reset_after"] = ResetAfter;
            }
            return config;
        }

        public JsonObject LayerConfig(string name)
        {
            var config = CellConfig();
            config["name"] = name;
            config["return_sequences"] = ReturnSequences;
            config["return_state"] = false;
            config["go_backwards"] = GoBackwards;
            config["stateful"] = false;
            config["unroll"] = false;
            config["time_major"] = false;
            return config;
        }

        private static JsonObject Initializer(string name) => new() { ["class_name"] = name, ["config"] = new JsonObject() };
    }
}
