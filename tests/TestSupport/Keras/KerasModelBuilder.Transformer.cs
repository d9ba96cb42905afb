using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CheckpointGen.Protos;
using Google.Protobuf;
using static CheckpointGen.Tests.Keras.FunctionBody;

namespace CheckpointGen.Tests.Keras;

/// <summary>
/// The layers and activations of modern models, each traced as tf.keras 2.x (2.15) traces it at
/// inference: Activation (gelu exact and approximate, swish, hard_sigmoid, softsign, exponential,
/// mish), ReLU with max_value and threshold, the merge layers, Rescaling, Normalization with given
/// moments, and LayerNormalization by its moments path (epsilon below 1.001e-5 or axes that are not
/// trailing) and its fused path (FusedBatchNormV3 in training mode on the input reshaped to [1, N, C, 1]).
/// </summary>
internal sealed partial class KerasModelBuilder
{
    /// <summary>keras.layers.Activation; <paramref name="approximate"/> traces gelu's tanh form (what <c>tf.nn.gelu(approximate=True)</c> gives; Keras records the name only).</summary>
    public string Activation(string activation, bool approximate = false, string? from = null) =>
        Add("Activation", from, Shape(from), Config(("activation", activation)), [], (f, x, _) => Activated(f, activation, approximate, x[0]));

    /// <summary>keras.layers.ReLU as <c>backend.relu</c> traces it: a threshold multiplies by <c>x &gt; threshold</c>, max_value 6 alone is Relu6, another max_value clips.</summary>
    public string ReLU(float? maxValue = null, float threshold = 0, string? from = null) =>
        Add("ReLU", from, Shape(from), Config(("max_value", maxValue is { } m ? m : null), ("negative_slope", 0.0), ("threshold", threshold)), [],
            (f, x, _) =>
            {
                string y;
                var clip = maxValue is not null;
                if (threshold != 0)
                {
                    var above = f.Float("Greater", "Greater", "z", [x[0], f.Scalar("Greater/y", threshold)]);
                    var mask = f.Add("Cast", "Cast", "y", [above], ("SrcT", Type(DataType.DtBool)), ("DstT", Type(DataType.DtFloat)), ("Truncate", new AttrValue { B = false }));
                    y = f.Float("mul", "Mul", "z", [x[0], mask]);
                }
                else if (maxValue == 6)
                {
                    y = f.Float("Relu6", "Relu6", "activations", [x[0]]);
                    clip = false;
                }
                else
                {
                    y = f.Float("Relu", "Relu", "activations", [x[0]]);
                }
                return clip ? ClipByValue(f, "clip_by_value", y, 0f, maxValue!.Value) : y;
            });

    public string Multiply(params string[] from) => Merge("Multiply", "Mul", "mul", from);

    public string Subtract(string a, string b) => Merge("Subtract", "Sub", "sub", [a, b]);

    public string Maximum(params string[] from) => Merge("Maximum", "Maximum", "Maximum", from);

    public string Minimum(params string[] from) => Merge("Minimum", "Minimum", "Minimum", from);

    /// <summary>keras.layers.Average: the inputs added in order, then divided by their count.</summary>
    public string Average(params string[] from) =>
        Add("Average", from, Shape(from[0]), Config(), [],
            (f, x, _) => f.Float("truediv", "RealDiv", "z", [Chain(f, "AddV2", "add", x), f.Scalar("truediv/y", (float)x.Length)]));

    /// <summary>keras.layers.Dot(axes=1) of two vectors per example: <c>backend.batch_dot</c> as Mul and Sum, then ExpandDims; <paramref name="normalize"/> l2-normalizes each input first.</summary>
    public string Dot(string a, string b, bool normalize = false) =>
        Add("Dot", [a, b], [1], Config(("axes", 1), ("normalize", normalize)), [],
            (f, x, _) =>
            {
                string[] v = normalize ? [L2Normalize(f, "l2_normalize", x[0]), L2Normalize(f, "l2_normalize_1", x[1])] : x;
                var product = f.Float("Mul", "Mul", "z", [v[0], v[1]]);
                var sum = Reduce(f, "Sum", "Sum", product, [1], keepDims: false);
                return f.Add("ExpandDims", "ExpandDims", "output", [sum, f.Scalar("ExpandDims/dim", 1)], ("T", Type(DataType.DtFloat)), ("Tdim", Type(DataType.DtInt32)));
            });

    /// <summary>keras.layers.Rescaling: <c>x · scale + offset</c> (the casts of Python floats are Consts).</summary>
    public string Rescaling(float scale, float offset, string? from = null) =>
        Add("Rescaling", from, Shape(from), Config(("scale", scale), ("offset", offset)), [],
            (f, x, _) => f.Float("add", "AddV2", "z", [f.Float("mul", "Mul", "z", [x[0], f.Scalar("Cast/x", scale)]), f.Scalar("Cast_1/x", offset)]));

    /// <summary>keras.layers.Normalization with given mean and variance over the last axis: <c>(x - mean) / max(√variance, ε)</c>, the moments Consts of shape [1, …, C].</summary>
    public string Normalization(float[] mean, float[] variance, string? from = null)
    {
        var input = Shape(from);
        long[] broadcast = [1, .. input[..^1].Select(_ => 1L), input[^1]];
        return Add("Normalization", from, input, Config(("axis", new JsonArray(-1)), ("mean", new JsonArray(mean.Select(m => (JsonNode)m).ToArray())),
                ("variance", new JsonArray(variance.Select(m => (JsonNode)m).ToArray())), ("invert", false)), [],
            (f, x, _) =>
            {
                var centered = f.Float("sub", "Sub", "z", [x[0], Floats(f, "Cast", mean, broadcast)]);
                var deviation = f.Float("Maximum", "Maximum", "z", [f.Float("Sqrt", "Sqrt", "y", [Floats(f, "Cast_1", variance, broadcast)]), f.Scalar("Maximum/y", 1e-7f)]);
                return f.Float("truediv", "RealDiv", "z", [centered, deviation]);
            });
    }

    /// <summary>
    /// keras.layers.LayerNormalization over <paramref name="axes"/> (positive, of the input with its batch as axis 0).
    /// Keras fuses when the axes are the trailing ones and epsilon ≥ 1.001e-5 (<c>_fused_can_be_used</c>); otherwise it
    /// normalizes by tf.nn.moments and tf.nn.batch_normalization, gamma and beta reshaped to broadcast unless the axis is the last alone.
    /// </summary>
    public string LayerNormalization(int[] axes, float epsilon = 0.001f, string? from = null)
    {
        var input = Shape(from);
        var rank = input.Length + 1;
        var sorted = axes.Order().ToArray();
        var fused = sorted[^1] == rank - 1 && sorted[^1] - sorted[0] == sorted.Length - 1 && epsilon >= 1.001e-5f;
        long[] paramShape = sorted.Select(a => input[a - 1]).ToArray();
        var weights = new[] { Positive(Weight("gamma", paramShape)), Weight("beta", paramShape) };
        return Add("LayerNormalization", from, input, Config(("axis", new JsonArray(axes.Select(a => (JsonNode)a).ToArray())), ("epsilon", epsilon), ("center", true), ("scale", true)), weights,
            (f, x, w) =>
            {
                string gamma = f.Read("ReadVariableOp", w[0]), beta = f.Read("ReadVariableOp_1", w[1]);
                if (!(sorted.Length == 1 && sorted[0] == rank - 1))
                {
                    var broadcast = Enumerable.Range(0, rank).Select(d => sorted.Contains(d) ? (int)input[d - 1] : 1).ToArray();
                    // Traced after the fused path's two Reshapes, when there are those.
                    string g = fused ? "Reshape_2" : "Reshape", b = fused ? "Reshape_3" : "Reshape_1";
                    gamma = f.Float(g, "Reshape", "output", [gamma, f.Ints($"{g}/shape", broadcast)], ("Tshape", Type(DataType.DtInt32)));
                    beta = f.Float(b, "Reshape", "output", [beta, f.Ints($"{b}/shape", broadcast)], ("Tshape", Type(DataType.DtInt32)));
                }
                return fused ? FusedLayerNorm(f, x[0], rank, sorted[0], epsilon, gamma, beta) : MomentsLayerNorm(f, x[0], sorted, epsilon, gamma, beta);
            });
    }

    /// <summary>
    /// keras.layers.EinsumDense: <c>tf.einsum(equation, inputs, kernel)</c> plus the bias; <paramref name="kernel"/> is the kernel's
    /// shape, <paramref name="output"/> the output's without the batch, <paramref name="bias"/> the bias's (none when null).
    /// </summary>
    public string EinsumDense(string equation, long[] kernel, long[] output, long[]? bias = null, string? from = null)
    {
        KerasWeight[] weights = bias is null ? [Weight("kernel", kernel)] : [Weight("kernel", kernel), Weight("bias", bias)];
        return Add("EinsumDense", from, output, Config(("output_shape", new JsonArray(output.Select(d => (JsonNode)d).ToArray())), ("equation", equation),
                ("activation", "linear"), ("bias_axes", bias is null ? null : equation[^bias.Length..])), weights,
            (f, x, w) =>
            {
                var product = f.Float("einsum/Einsum", "Einsum", "output", [x[0], f.Read("einsum/Einsum/ReadVariableOp", w[0])], ("equation", Text(equation)), ("N", new AttrValue { I = 2 }));
                return bias is null ? product : f.Float("add", "AddV2", "z", [product, f.Read("add/ReadVariableOp", w[1])]);
            });
    }

    private static string MomentsLayerNorm(FunctionBody f, string x, int[] axes, float epsilon, string gamma, string beta)
    {
        var mean = Reduce(f, "moments/mean", "Mean", x, axes, keepDims: true);
        var stopped = f.Float("moments/StopGradient", "StopGradient", "output", [mean]);
        var variance = Reduce(f, "moments/variance", "Mean", f.Float("moments/SquaredDifference", "SquaredDifference", "z", [x, stopped]), axes, keepDims: true);
        var inverse = f.Float("batchnorm/Rsqrt", "Rsqrt", "y", [f.Float("batchnorm/add", "AddV2", "z", [variance, f.Scalar("batchnorm/add/y", epsilon)])]);
        var scale = f.Float("batchnorm/mul", "Mul", "z", [inverse, gamma]);
        var shift = f.Float("batchnorm/sub", "Sub", "z", [beta, f.Float("batchnorm/mul_2", "Mul", "z", [mean, scale])]);
        return f.Float("batchnorm/add_1", "AddV2", "z", [f.Float("batchnorm/mul_1", "Mul", "z", [x, scale]), shift]);
    }

    /// <summary>The fused path: pre_dim and in_dim multiplied up from Shape at run time, the input reshaped to [1, pre_dim, in_dim, 1], normalized by FusedBatchNormV3 (NCHW, training: batch statistics) with ones and zeros, reshaped back, then gamma and beta.</summary>
    private static string FusedLayerNorm(FunctionBody f, string x, int rank, int firstAxis, float epsilon, string gamma, string beta)
    {
        var shape = f.Add("Shape", "Shape", "output", [x], ("T", Type(DataType.DtFloat)), ("out_type", Type(DataType.DtInt32)));
        string pre = "", inner = "";
        for (var d = 0; d < rank; d++)
        {
            var suffix = d == 0 ? "" : $"_{d}";
            var dim = f.Add($"strided_slice{suffix}", "StridedSlice", "output", [shape, f.Ints($"strided_slice{suffix}/stack", d), f.Ints($"strided_slice{suffix}/stack_1", d + 1), f.Ints($"strided_slice{suffix}/stack_2", 1)],
                ("T", Type(DataType.DtInt32)), ("Index", Type(DataType.DtInt32)), ("shrink_axis_mask", new AttrValue { I = 1 }), ("begin_mask", new AttrValue { I = 0 }),
                ("end_mask", new AttrValue { I = 0 }), ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }));
            var mulName = d == 0 ? "mul" : $"mul_{d}";
            var isPre = d < firstAxis;
            var previous = isPre ? pre : inner;
            var product = previous == "" ? f.Add(mulName, "Mul", "z", [f.Scalar($"{mulName}/x", 1), dim], ("T", Type(DataType.DtInt32)))
                : f.Add(mulName, "Mul", "z", [previous, dim], ("T", Type(DataType.DtInt32)));
            if (isPre) pre = product; else inner = product;
        }
        var squeezed = f.Add("Reshape/shape", "Pack", "output", [f.Scalar("Reshape/shape/0", 1), pre, inner, f.Scalar("Reshape/shape/3", 1)],
            ("T", Type(DataType.DtInt32)), ("N", new AttrValue { I = 4 }), ("axis", new AttrValue { I = 0 }));
        var reshaped = f.Float("Reshape", "Reshape", "output", [x, squeezed], ("Tshape", Type(DataType.DtInt32)));
        string Splat(string name, float value)
        {
            var packed = f.Add($"{name}/packed", "Pack", "output", [pre], ("T", Type(DataType.DtInt32)), ("N", new AttrValue { I = 1 }), ("axis", new AttrValue { I = 0 }));
            return f.Add(name, "Fill", "output", [packed, f.Scalar($"{name}/Const", value)], ("T", Type(DataType.DtFloat)), ("index_type", Type(DataType.DtInt32)));
        }
        var normalized = f.Float("FusedBatchNormV3", "FusedBatchNormV3", "y", [reshaped, Splat("ones", 1f), Splat("zeros", 0f), Floats(f, "Const", [], [0]), Floats(f, "Const_1", [], [0])],
            ("U", Type(DataType.DtFloat)), ("epsilon", new AttrValue { F = epsilon }), ("data_format", Text("NCHW")), ("is_training", new AttrValue { B = true }),
            ("exponential_avg_factor", new AttrValue { F = 1f }));
        var back = f.Float("Reshape_1", "Reshape", "output", [normalized, shape], ("Tshape", Type(DataType.DtInt32)));
        return f.Float("add", "AddV2", "z", [f.Float("mul_" + rank, "Mul", "z", [back, gamma]), beta]);
    }

    private static string Activated(FunctionBody f, string activation, bool approximate, string x)
    {
        switch (activation)
        {
            case "gelu" when approximate:
                var cubic = f.Float("Gelu/mul", "Mul", "z", [f.Scalar("Gelu/Cast", 0.044715f), f.Float("Gelu/Pow", "Pow", "z", [x, f.Scalar("Gelu/Pow/y", 3f)])]);
                var inner = f.Float("Gelu/mul_1", "Mul", "z", [f.Scalar("Gelu/mul_1/x", 0.7978845608028654f), f.Float("Gelu/add", "AddV2", "z", [x, cubic])]);
                var tanh = f.Float("Gelu/add_1", "AddV2", "z", [f.Scalar("Gelu/add_1/x", 1f), f.Float("Gelu/Tanh", "Tanh", "y", [inner])]);
                return f.Float("Gelu/mul_3", "Mul", "z", [f.Float("Gelu/mul_2", "Mul", "z", [f.Scalar("Gelu/mul_2/x", 0.5f), x]), tanh]);
            case "gelu":
                var erf = f.Float("Gelu/Erf", "Erf", "y", [f.Float("Gelu/truediv", "RealDiv", "z", [x, f.Scalar("Gelu/Cast", 1.4142135623730951f)])]);
                return f.Float("Gelu/mul_1", "Mul", "z", [f.Float("Gelu/mul", "Mul", "z", [f.Scalar("Gelu/mul/x", 0.5f), x]), f.Float("Gelu/add", "AddV2", "z", [f.Scalar("Gelu/add/x", 1f), erf])]);
            case "swish":
                // tf.nn.silu's custom gradient: the value leaves through an IdentityN of (result, features, beta).
                var beta = f.Scalar("beta", 1f);
                var product = f.Float("mul_1", "Mul", "z", [x, f.Float("Sigmoid", "Sigmoid", "y", [f.Float("mul", "Mul", "z", [beta, x])])]);
                return f.Add("IdentityN", "IdentityN", "output", [product, x, beta], ("T", Types([DataType.DtFloat, DataType.DtFloat, DataType.DtFloat])));
            case "hard_sigmoid":
                var scaled = f.Float("add", "AddV2", "z", [f.Float("Mul", "Mul", "z", [x, f.Scalar("Const", 0.2f)]), f.Scalar("Const_1", 0.5f)]);
                return ClipByValue(f, "clip_by_value", scaled, 0f, 1f);
            case "softsign":
                return f.Float("Softsign", "Softsign", "activations", [x]);
            case "exponential":
                return f.Float("Exp", "Exp", "y", [x]);
            case "mish":
                return f.Float("mul", "Mul", "z", [x, f.Float("Tanh", "Tanh", "y", [f.Float("Softplus", "Softplus", "activations", [x])])]);
            default:
                return Activate(f, activation, x);
        }
    }

    /// <summary>tf.clip_by_value as TF 2 traces it: Minimum with the upper bound, then Maximum with the lower.</summary>
    private static string ClipByValue(FunctionBody f, string name, string x, float lo, float hi) =>
        f.Float(name, "Maximum", "z", [f.Float($"{name}/Minimum", "Minimum", "z", [x, f.Scalar($"{name}/Minimum/y", hi)]), f.Scalar($"{name}/y", lo)]);

    /// <summary>tf.math.l2_normalize over axis 1: <c>x · rsqrt(max(Σx², 1e-12))</c>.</summary>
    private static string L2Normalize(FunctionBody f, string name, string x)
    {
        var sum = Reduce(f, $"{name}/Sum", "Sum", f.Float($"{name}/Square", "Square", "y", [x]), [1], keepDims: true);
        var inverse = f.Float($"{name}/Rsqrt", "Rsqrt", "y", [f.Float($"{name}/Maximum", "Maximum", "z", [sum, f.Scalar($"{name}/Maximum/y", 1e-12f)])]);
        return f.Float(name, "Mul", "z", [x, inverse]);
    }

    private static string Reduce(FunctionBody f, string name, string op, string x, int[] axes, bool keepDims) =>
        f.Float(name, op, "output", [x, f.Ints($"{name}/reduction_indices", axes)], ("Tidx", Type(DataType.DtInt32)), ("keep_dims", new AttrValue { B = keepDims }));

    private string Merge(string className, string op, string name, string[] from) =>
        Add(className, from, Shape(from[0]), Config(), [], (f, x, _) => Chain(f, op, name, x));

    /// <summary>A merge's <c>output = op(output, inputs[i])</c> loop: nodes <c>name</c>, <c>name_1</c>, ….</summary>
    private static string Chain(FunctionBody f, string op, string name, string[] x) =>
        x.Skip(1).Select((r, i) => (r, i)).Aggregate(x[0], (sum, p) => f.Float(p.i == 0 ? name : $"{name}_{p.i}", op, "z", [sum, p.r]));

    private static string Floats(FunctionBody f, string name, float[] values, long[] dims)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = FunctionBody.Shape(dims), TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        return f.Add(name, "Const", "output", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = tensor }));
    }
}
