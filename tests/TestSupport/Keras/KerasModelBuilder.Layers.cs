using System.Text.Json.Nodes;
using CheckpointGen.Protos;
using static CheckpointGen.Tests.Keras.FunctionBody;

namespace CheckpointGen.Tests.Keras;

/// <summary>The layers, each with the config Keras 2 writes for it and the ops its call function traces to at inference.</summary>
internal sealed partial class KerasModelBuilder
{
    private static readonly Dictionary<string, string> Activations = new(StringComparer.Ordinal)
    {
        ["relu"] = "Relu", ["sigmoid"] = "Sigmoid", ["tanh"] = "Tanh", ["softmax"] = "Softmax", ["elu"] = "Elu", ["selu"] = "Selu", ["softplus"] = "Softplus",
    };

    public string Dense(int units, string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        var k = input[^1];
        return Add("Dense", from, [.. input[..^1], units], Config(("units", units), ("activation", activation), ("use_bias", true)),
            [Weight("kernel", k, units), Weight("bias", units)],
            (f, x, w) => Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [f.Float("MatMul", "MatMul", "product", [x[0], f.Read("MatMul/ReadVariableOp", w[0])],
                ("transpose_a", new AttrValue { B = false }), ("transpose_b", new AttrValue { B = false })), f.Read("BiasAdd/ReadVariableOp", w[1])], ("data_format", Text("NHWC")))));
    }

    public string Conv2D(int filters, int kernel, int stride = 1, string padding = "valid", int dilation = 1, string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        var c = input[2];
        var dims = new[] { Spatial(input[0], kernel, stride, padding, dilation), Spatial(input[1], kernel, stride, padding, dilation), filters };
        return Add("Conv2D", from, dims, Config(("filters", filters), ("kernel_size", Pair(kernel)), ("strides", Pair(stride)), ("padding", padding),
                ("data_format", "channels_last"), ("dilation_rate", Pair(dilation)), ("groups", 1), ("activation", activation), ("use_bias", true)),
            [Weight("kernel", kernel, kernel, c, filters), Weight("bias", filters)],
            (f, x, w) => Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [f.Float("Conv2D", "Conv2D", "output", [x[0], f.Read("Conv2D/ReadVariableOp", w[0])],
                Window(stride, padding, dilation, ("use_cudnn_on_gpu", new AttrValue { B = true }), ("explicit_paddings", Ints()))), f.Read("BiasAdd/ReadVariableOp", w[1])],
                ("data_format", Text("NHWC")))));
    }

    public string DepthwiseConv2D(int kernel, int multiplier = 1, int stride = 1, string padding = "valid", string activation = "linear", string? from = null)
    {
        var input = Shape(from);
        var c = input[2];
        var dims = new[] { Spatial(input[0], kernel, stride, padding, 1), Spatial(input[1], kernel, stride, padding, 1), c * multiplier };
        return Add("DepthwiseConv2D", from, dims, Config(("kernel_size", Pair(kernel)), ("strides", Pair(stride)), ("padding", padding), ("data_format", "channels_last"),
                ("dilation_rate", Pair(1)), ("depth_multiplier", multiplier), ("activation", activation), ("use_bias", true)),
            [Weight("depthwise_kernel", kernel, kernel, c, multiplier), Weight("bias", c * multiplier)],
            (f, x, w) => Activate(f, activation, f.Float("BiasAdd", "BiasAdd", "output", [f.Float("depthwise", "DepthwiseConv2dNative", "output", [x[0], f.Read("depthwise/ReadVariableOp", w[0])],
                Window(stride, padding, 1, ("explicit_paddings", Ints()))), f.Read("BiasAdd/ReadVariableOp", w[1])], ("data_format", Text("NHWC")))));
    }

    public string MaxPooling2D(int pool = 2, int? stride = null, string padding = "valid", string? from = null) => Pooling("MaxPooling2D", "MaxPool", pool, stride ?? pool, padding, from);

    public string AveragePooling2D(int pool = 2, int? stride = null, string padding = "valid", string? from = null) => Pooling("AveragePooling2D", "AvgPool", pool, stride ?? pool, padding, from);

    public string GlobalAveragePooling2D(string? from = null)
    {
        var input = Shape(from);
        return Add("GlobalAveragePooling2D", from, [input[2]], Config(("data_format", "channels_last"), ("keepdims", false)), [],
            (f, x, _) => f.Add("Mean", "Mean", "output", [x[0], f.Ints("Mean/reduction_indices", 1, 2)], ("T", Type(DataType.DtFloat)), ("Tidx", Type(DataType.DtInt32)), ("keep_dims", new AttrValue { B = false })));
    }

    /// <summary>BatchNormalization at inference: FusedBatchNormV3 on an NHWC image (<paramref name="fused"/>), or the Rsqrt/Mul/Sub form Keras traces otherwise.</summary>
    public string BatchNormalization(bool fused, float epsilon = 0.001f, string? from = null)
    {
        var input = Shape(from);
        var c = input[^1];
        var weights = new[] { Weight("gamma", c), Weight("beta", c), Weight("moving_mean", c), Positive(Weight("moving_variance", c)) };
        return Add("BatchNormalization", from, input, Config(("axis", new JsonArray(input.Length)), ("momentum", 0.99), ("epsilon", epsilon), ("center", true), ("scale", true)), weights,
            (f, x, w) =>
            {
                string gamma = f.Read("ReadVariableOp", w[0]), beta = f.Read("ReadVariableOp_1", w[1]), mean = f.Read("ReadVariableOp_2", w[2]), variance = f.Read("ReadVariableOp_3", w[3]);
                if (fused)
                {
                    return f.Float("FusedBatchNormV3", "FusedBatchNormV3", "y", [x[0], gamma, beta, mean, variance], ("U", Type(DataType.DtFloat)), ("epsilon", new AttrValue { F = epsilon }),
                        ("data_format", Text("NHWC")), ("is_training", new AttrValue { B = false }), ("exponential_avg_factor", new AttrValue { F = 1f }));
                }
                var add = f.Float("batchnorm/add", "AddV2", "z", [variance, f.Scalar("batchnorm/add/y", epsilon)]);
                var scale = f.Float("batchnorm/mul", "Mul", "z", [f.Float("batchnorm/Rsqrt", "Rsqrt", "y", [add]), gamma]);
                var shift = f.Float("batchnorm/sub", "Sub", "z", [beta, f.Float("batchnorm/mul_2", "Mul", "z", [mean, scale])]);
                return f.Float("batchnorm/add_1", "AddV2", "z", [f.Float("batchnorm/mul_1", "Mul", "z", [x[0], scale]), shift]);
            });
    }

    /// <summary>Dropout at inference: its call function returns the input.</summary>
    public string Dropout(double rate, string? from = null) =>
        Add("Dropout", from, Shape(from), Config(("rate", rate)), [], (f, x, _) => f.Float("Identity_1", "Identity", "output", [x[0]]));

    public string Flatten(string? from = null)
    {
        var count = Shape(from).Aggregate(1L, (p, d) => p * d);
        return Add("Flatten", from, [count], Config(("data_format", "channels_last")), [],
            (f, x, _) => f.Float("Reshape", "Reshape", "output", [x[0], f.Ints("Const", -1, (int)count)], ("Tshape", Type(DataType.DtInt32))));
    }

    /// <summary>Reshape as Keras traces it: the batch taken from the input's Shape at run time, packed with the target.</summary>
    public string Reshape(long[] target, string? from = null) =>
        Add("Reshape", from, target, Config(("target_shape", new JsonArray(target.Select(t => (JsonNode)t).ToArray()))), [],
            (f, x, _) =>
            {
                var batch = BatchSize(f, x[0]);
                var dims = target.Select((t, i) => f.Scalar($"Reshape/shape/{i + 1}", (int)t)).Prepend(batch).ToArray();
                var packed = f.Add("Reshape/shape", "Pack", "output", dims, ("T", Type(DataType.DtInt32)), ("N", new AttrValue { I = dims.Length }), ("axis", new AttrValue { I = 0 }));
                return f.Float("Reshape", "Reshape", "output", [x[0], packed], ("Tshape", Type(DataType.DtInt32)));
            });

    public string Softmax(string? from = null) =>
        Add("Softmax", from, Shape(from), Config(("axis", -1)), [], (f, x, _) => f.Float("Softmax", "Softmax", "softmax", [x[0]]));

    public string Concatenate(params string[] from)
    {
        var shapes = from.Select(Shape).ToArray();
        long[] dims = [.. shapes[0][..^1], shapes.Sum(s => s[^1])];
        return Add("Concatenate", from, dims, Config(("axis", -1)), [],
            (f, x, _) => f.Float("concat", "ConcatV2", "output", [.. x, f.Scalar("concat/axis", -1)], ("N", new AttrValue { I = x.Length }), ("Tidx", Type(DataType.DtInt32))));
    }

    public string AddLayers(params string[] from) =>
        Add("Add", from, Shape(from[0]), Config(), [], (f, x, _) => x.Skip(1).Select((r, i) => (r, i)).Aggregate(x[0], (sum, p) => f.Float(p.i == 0 ? "add" : $"add_{p.i}", "AddV2", "z", [sum, p.r])));

    /// <summary>
    /// Embedding of float-fed ids (Keras casts them to int32): ResourceGather on the captured
    /// handle, or (<paramref name="readFirst"/>) GatherV2 on the table's read value.
    /// </summary>
    public string Embedding(int vocabulary, int width, bool readFirst = false, string? from = null)
    {
        var input = Shape(from);
        return Add("Embedding", from, [.. input, width], Config(("input_dim", vocabulary), ("output_dim", width), ("mask_zero", false), ("input_length", input[^1])),
            [Weight("embeddings", vocabulary, width)],
            (f, x, w) =>
            {
                var ids = f.Add("Cast", "Cast", "y", [x[0]], ("SrcT", Type(DataType.DtFloat)), ("DstT", Type(DataType.DtInt32)), ("Truncate", new AttrValue { B = false }));
                return readFirst
                    ? f.Add("embedding_lookup", "GatherV2", "output", [f.Read("embedding_lookup/ReadVariableOp", w[0]), ids, f.Scalar("embedding_lookup/axis", 0)],
                        ("Tparams", Type(DataType.DtFloat)), ("Tindices", Type(DataType.DtInt32)), ("Taxis", Type(DataType.DtInt32)), ("batch_dims", new AttrValue { I = 0 }))
                    : f.Add("embedding_lookup", "ResourceGather", "output", [w[0], ids],
                        ("dtype", Type(DataType.DtFloat)), ("Tindices", Type(DataType.DtInt32)), ("batch_dims", new AttrValue { I = 0 }), ("validate_indices", new AttrValue { B = true }));
            });
    }

    private string Pooling(string className, string op, int pool, int stride, string padding, string? from)
    {
        var input = Shape(from);
        var dims = new[] { Spatial(input[0], pool, stride, padding, 1), Spatial(input[1], pool, stride, padding, 1), input[2] };
        return Add(className, from, dims, Config(("pool_size", Pair(pool)), ("strides", Pair(stride)), ("padding", padding), ("data_format", "channels_last")), [],
            (f, x, _) => f.Float(op, op, "output", [x[0]], ("ksize", Ints(1, pool, pool, 1)), ("strides", Ints(1, stride, stride, 1)), ("padding", Text(padding.ToUpperInvariant())),
                ("data_format", Text("NHWC"))));
    }

    private static (string, AttrValue)[] Window(int stride, string padding, int dilation, params (string, AttrValue)[] more) =>
        [("strides", Ints(1, stride, stride, 1)), ("padding", Text(padding.ToUpperInvariant())), ("dilations", Ints(1, dilation, dilation, 1)), ("data_format", Text("NHWC")), .. more];

    private static string Activate(FunctionBody f, string activation, string x) =>
        activation == "linear" ? x : f.Float(Activations[activation], Activations[activation], activation switch { "softmax" => "softmax", "sigmoid" or "tanh" => "y", _ => "activations" }, [x]);

    private static long Spatial(long size, int kernel, int stride, string padding, int dilation) =>
        padding == "same" ? (size + stride - 1) / stride : (size - ((kernel - 1) * dilation) + stride - 1) / stride;

    private static JsonArray Pair(int value) => new(value, value);

    private static JsonObject Config(params (string Key, JsonNode? Value)[] entries)
    {
        var config = new JsonObject();
        foreach (var (key, value) in entries)
        {
            config[key] = value;
        }
        return config;
    }

    private KerasWeight Weight(string name, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (p, d) => p * d);
        return new KerasWeight(name, shape, Enumerable.Range(0, count).Select(_ => (float)(_random.NextDouble() - 0.5)).ToArray());
    }

    private static KerasWeight Positive(KerasWeight w) => w with { Values = w.Values.Select(v => v + 0.75f).ToArray() };
}
