using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// tf.Example parsing (ParseExample, ParseExampleV2), the first op of TF Serving's
/// <c>regress</c>/<c>classify</c> signatures and of TFX serving functions: each dense feature the
/// graph reads becomes one <see cref="ProgramKernels.ParseExample"/> step over the serialized
/// examples parameter. Sparse and ragged outputs, and bytes features, are refused only when
/// something reads them.
/// </summary>
internal static class ExampleOps
{
    /// <summary>The ops that may read a string tensor: the parses, and the identities that pass the examples to them.</summary>
    public static readonly IReadOnlyCollection<string> StringReaders = new HashSet<string>(StringComparer.Ordinal) { "ParseExample", "ParseExampleV2", "Identity", "IdentityN" };

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["ParseExample"] = ParseExampleV1;
        table["ParseExampleV2"] = ParseExampleV2;
    }

    /// <summary>Inputs: serialized, names, Nsparse sparse keys, Ndense dense keys (scalars), Ndense defaults; outputs: 3·Nsparse sparse tensors, then the dense values.</summary>
    private static Symbol[] ParseExampleV1(OpContext ctx)
    {
        var sparse = Count(ctx, ctx.Int("Nsparse", 0));
        var dense = Count(ctx, ctx.Int("Ndense", 0));
        var keys = Enumerable.Range(0, dense).Select(j => Key(ctx, 2 + sparse + j, "dense_keys_" + j)).ToArray();
        var defaults = Enumerable.Range(0, dense).Select(j => ctx.Input(2 + sparse + dense + j)).ToArray();
        return Parse(ctx, keys, defaults, denseOffset: 3 * sparse, trailing: 0);
    }

    /// <summary>Inputs: serialized, names, sparse_keys, dense_keys, ragged_keys (vectors), the dense defaults; outputs: 3·num_sparse sparse tensors, the dense values, 2 ragged tensors per ragged key.</summary>
    private static Symbol[] ParseExampleV2(OpContext ctx)
    {
        var sparse = Count(ctx, ctx.Int("num_sparse", 0));
        var keys = ctx.Input(3).Strings ?? throw ctx.Fail(GraphCompileException.UnsupportedOp, "reads dense_keys computed at run time; they must be constants");
        var ragged = ctx.Node.Attr.TryGetValue("ragged_value_types", out var types) ? types.List?.Type.Count ?? 0 : 0;
        var defaults = Enumerable.Range(0, keys.Length).Select(j => ctx.Input(5 + j)).ToArray();
        return Parse(ctx, keys, defaults, denseOffset: 3 * sparse, trailing: 2 * ragged);
    }

    private static Symbol[] Parse(OpContext ctx, byte[][] keys, Symbol[] defaults, int denseOffset, int trailing)
    {
        var serialized = ctx.Input(0);
        if (serialized.DType != ProgramDTypes.String || serialized.IsConstant || serialized.Dims.Length != 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"parses {(serialized.IsConstant ? "constant " : string.Empty)}{serialized.DType} {serialized.ShapeText}; this version parses a vector of serialized examples fed in, one per batch row");
        }
        var types = ctx.Node.Attr.TryGetValue("Tdense", out var t) ? t.List?.Type.ToArray() ?? Array.Empty<DataType>() : Array.Empty<DataType>();
        var shapes = ctx.Node.Attr.TryGetValue("dense_shapes", out var s) ? s.List?.Shape.ToArray() ?? Array.Empty<TensorShapeProto>() : Array.Empty<TensorShapeProto>();
        if (types.Length != keys.Length || shapes.Length != keys.Length)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has {keys.Length} dense keys, {types.Length} Tdense types and {shapes.Length} dense_shapes; they must agree");
        }
        var outputs = new Symbol[denseOffset + keys.Length + trailing];
        for (var o = 0; o < outputs.Length; o++)
        {
            if (!IsRead(ctx, o))
            {
                continue;
            }
            if (o < denseOffset || o >= denseOffset + keys.Length)
            {
                throw ctx.Fail(GraphCompileException.UnsupportedOp, $"output {o} is a {(o < denseOffset ? "sparse" : "ragged")} feature's tensor, which the graph reads; this version parses dense features only");
            }
            var j = o - denseOffset;
            outputs[o] = Dense(ctx, serialized, keys[j], types[j], shapes[j], defaults[j]);
        }
        return outputs;
    }

    /// <summary>One dense feature: the step that parses it into a [batch, shape…] value.</summary>
    private static Symbol Dense(OpContext ctx, Symbol serialized, byte[] key, DataType type, TensorShapeProto shape, Symbol defaults)
    {
        var name = System.Text.Encoding.UTF8.GetString(key);
        var dtype = type switch
        {
            DataType.DtFloat => ProgramDTypes.Float32,
            DataType.DtInt64 => ProgramDTypes.Int64,
            _ => throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reads the dense feature '{name}' as {DTypes.NameOf((int)type) ?? type.ToString()}, which the graph uses; this version parses float32 and int64 features"),
        };
        var featureDims = shape.UnknownRank ? new long[] { -1 } : shape.Dim.Select(d => d.Size).ToArray();
        if (featureDims.Any(d => d < 0))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reads the dense feature '{name}' with shape [{string.Join(", ", featureDims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]; this version needs its shape fully known (no variable-length features)");
        }
        var dims = Shapes.Checked(ctx, featureDims.Prepend(serialized.Dims[0]).ToArray());
        var count = Shapes.Count(featureDims);
        if (count == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reads the dense feature '{name}' with shape [{string.Join(", ", featureDims)}]: no elements");
        }
        var output = ctx.Program.AddTemporary(dtype, dims);
        var inputs = new List<int> { ctx.Program.ValueOf(serialized, ctx.Node.Name) };
        var known = defaults.Floats?.Length ?? defaults.Ints?.Length;
        if (known is null)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"takes the default of '{name}' computed at run time; it must be a constant");
        }
        if (known > 0)
        {
            if (defaults.DType != dtype || known != count)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"has a default for '{name}' of {defaults.DType} {defaults.ShapeText}; the feature is {dtype} of {count} elements");
            }
            inputs.Add(ctx.Program.ValueOf(defaults, ctx.Node.Name));
        }
        ctx.Program.AddStep(ProgramKernels.ParseExample, output, inputs.ToArray(), ("key", Convert.ToBase64String(key)));
        return Symbol.Runtime(dtype, dims, output);
    }

    /// <summary>Whether anything reads output <paramref name="index"/>: another node, or the program's results.</summary>
    private static bool IsRead(OpContext ctx, int index)
    {
        var tensor = new TensorName(ctx.Node.Name, index);
        return ctx.Graph.Uses.ContainsKey(tensor) || ctx.Requested.Contains(tensor);
    }

    /// <summary>A feature key: the string constant at input <paramref name="index"/>.</summary>
    private static byte[] Key(OpContext ctx, int index, string what)
    {
        return ctx.Input(index).Strings is [var key]
            ? key
            : throw ctx.Fail(GraphCompileException.UnsupportedOp, $"input {index} ({what}) must be one constant string");
    }

    private static int Count(OpContext ctx, long n) => n is >= 0 and <= 1 << 16
        ? (int)n
        : throw ctx.Fail(GraphCompileException.BadShape, $"declares {n} features");
}
