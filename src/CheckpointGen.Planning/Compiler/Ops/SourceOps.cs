using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>Where values come from: constants, variables bound to the checkpoint, placeholders, and the ops that pass a value through.</summary>
internal static class SourceOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["Const"] = Const;
        foreach (var op in new[] { "VariableV2", "Variable", "VarHandleOp" })
        {
            table[op] = Variable;
        }
        foreach (var op in new[] { "Identity", "ReadVariableOp", "StopGradient", "Snapshot", "PreventGradient", "CheckNumerics", "EnsureShape" })
        {
            table[op] = ctx => new[] { ctx.Input(0) };
        }
        table["IdentityN"] = ctx => ctx.Inputs;
        table["NoOp"] = _ => Array.Empty<Symbol>();
        table["Placeholder"] = ctx => throw ctx.Fail(GraphCompileException.MissingInput,
            "is needed but not fed; list it in Inputs (or the signature's inputs) or feed a tensor after it");
        // Unfed, it is its default: TF1 graphs use it for `training` flags and dropout rates.
        table["PlaceholderWithDefault"] = ctx => new[] { ctx.Input(0) };
        // Dropout's random mask: exact only when the keep probability makes the mask constant, which
        // the ops after it fold; otherwise RandomUniform's values reach a run-time op and fail there.
        table["RandomUniform"] = RandomUniform;
    }

    private static Symbol[] Const(OpContext ctx)
    {
        if (!ctx.Node.Attr.TryGetValue("value", out var attr) || attr.Tensor is not { } tensor)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, "has no 'value' tensor");
        }
        var dims = Shapes.Checked(ctx, (tensor.TensorShape?.Dim.Select(d => d.Size) ?? Enumerable.Empty<long>()).ToArray());
        // Without tensor_content the listed values are repeated to fill the shape: nothing in the file bounds it.
        var count = tensor.TensorContent.IsEmpty ? Shapes.SplatCount(ctx, dims) : Shapes.Count(dims);
        try
        {
            switch (tensor.Dtype)
            {
                case DataType.DtFloat:
                    var bytes = TensorProtoCodec.ToBytes(tensor, TensorDataType.Float, count, ctx.Node.Name, ctx.Node.Name);
                    return new[] { Symbol.Constant(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray(), dims, "const:" + ctx.Node.Name) };
                case DataType.DtInt32:
                case DataType.DtInt64:
                case DataType.DtBool:
                    var type = tensor.Dtype == DataType.DtInt32 ? TensorDataType.Int32 : tensor.Dtype == DataType.DtInt64 ? TensorDataType.Int64 : TensorDataType.Bool;
                    var raw = TensorProtoCodec.ToBytes(tensor, type, count, ctx.Node.Name, ctx.Node.Name);
                    long[] values = type switch
                    {
                        TensorDataType.Int32 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw).ToArray().Select(v => (long)v).ToArray(),
                        TensorDataType.Int64 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(raw).ToArray(),
                        _ => raw.Select(b => (long)(b != 0 ? 1 : 0)).ToArray(),
                    };
                    return new[] { Symbol.Constant(type == TensorDataType.Int32 ? "int32" : type == TensorDataType.Int64 ? "int64" : "bool", values, dims) };
                case DataType.DtString:
                    // Only a parse reads them (its keys and names); GraphCompiler refuses any other reader.
                    return new[] { Symbol.Constant(StringValues(ctx, tensor, count), dims) };
                default:
                    throw ctx.Fail(GraphCompileException.UnsupportedOp, $"holds {tensor.Dtype}; constants of float32, int32, int64, bool and string are supported");
            }
        }
        catch (CheckpointFormatException e)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "has a malformed value: " + e.Reason);
        }
    }

    /// <summary>A string Const's values: its string_val, the last value filling the shape as for numbers.</summary>
    private static byte[][] StringValues(OpContext ctx, TensorProto tensor, long count)
    {
        var listed = tensor.StringVal;
        if (count > 0 && listed.Count == 0 || listed.Count > count)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has {listed.Count} strings for a shape of {count} elements");
        }
        var distinct = listed.Select(b => b.ToByteArray()).ToArray();
        var values = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            values[i] = distinct[(int)Math.Min(i, distinct.Length - 1)];
        }
        return values;
    }

    private static Symbol[] Variable(OpContext ctx)
    {
        var name = ctx.Node.Op == "VarHandleOp" && ctx.String("shared_name", string.Empty) is { Length: > 0 } shared ? shared : ctx.Node.Name;
        if (ctx.Bind(name) is not { } bound)
        {
            throw ctx.Fail(GraphCompileException.UnboundVariable, $"is the variable '{name}', which the checkpoint does not hold as float32 (or the item's filters exclude)");
        }
        return new[] { Symbol.Constant(bound.Values, Shapes.Checked(ctx, bound.Dims), "var:" + name) };
    }

    private static Symbol[] RandomUniform(OpContext ctx)
    {
        var shape = ctx.ConstantInts(0, "shape");
        if (shape.Any(d => d == Shapes.BatchMarker))
        {
            // Uniform in [0, 1): floor(keep_prob + u) is 1 for keep_prob = 1 whatever u is; mark the
            // values unknown so only ops that make them irrelevant can consume them.
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "draws random numbers per batch row; feed keep_prob = 1 or export the graph for inference");
        }
        var dims = Shapes.Checked(ctx, shape);
        // Any value in [0, 1) serves: the dropout pattern floor(keep + u) with keep = 1 is 1 for all.
        return new[] { Symbol.Constant(new float[Shapes.SplatCount(ctx, dims)], dims) };
    }

    /// <summary>A fed tensor's run-time value.</summary>
    public static Symbol Parameter(ProgramBuilder program, string dtype, long[] dims, int index) =>
        Symbol.Runtime(dtype, dims, program.AddParameter(dtype, dims, index));
}
