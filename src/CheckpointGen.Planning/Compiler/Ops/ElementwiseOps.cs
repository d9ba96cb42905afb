using System.Globalization;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Inference.Kernels;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>Elementwise ops with TensorFlow's broadcasting: folded when every input is known, else a Unary or Binary step (or fused into the GEMM before it).</summary>
internal static class ElementwiseOps
{
    private static readonly Dictionary<string, UnaryOperator> UnaryOps = new(StringComparer.Ordinal)
    {
        ["Neg"] = UnaryOperator.Neg, ["Abs"] = UnaryOperator.Abs, ["Square"] = UnaryOperator.Square, ["Sqrt"] = UnaryOperator.Sqrt,
        ["Rsqrt"] = UnaryOperator.Rsqrt, ["Exp"] = UnaryOperator.Exp, ["Log"] = UnaryOperator.Log, ["Log1p"] = UnaryOperator.Log1p,
        ["Floor"] = UnaryOperator.Floor, ["Tanh"] = UnaryOperator.Tanh, ["Sigmoid"] = UnaryOperator.Sigmoid, ["Relu"] = UnaryOperator.Relu,
        ["Relu6"] = UnaryOperator.Relu6, ["Elu"] = UnaryOperator.Elu, ["Selu"] = UnaryOperator.Selu, ["Softplus"] = UnaryOperator.Softplus,
        ["LeakyRelu"] = UnaryOperator.LeakyRelu,
    };

    private static readonly Dictionary<string, BinaryOperator> BinaryOps = new(StringComparer.Ordinal)
    {
        ["Add"] = BinaryOperator.Add, ["AddV2"] = BinaryOperator.Add, ["BiasAdd"] = BinaryOperator.Add, ["BiasAddV1"] = BinaryOperator.Add,
        ["Sub"] = BinaryOperator.Sub, ["Mul"] = BinaryOperator.Mul, ["RealDiv"] = BinaryOperator.Div, ["Div"] = BinaryOperator.Div,
        ["Maximum"] = BinaryOperator.Maximum, ["Minimum"] = BinaryOperator.Minimum, ["SquaredDifference"] = BinaryOperator.SquaredDifference,
    };

    /// <summary>Activations the GEMM applies in its epilogue.</summary>
    private static readonly Dictionary<UnaryOperator, ActivationKind> Fusable = new()
    {
        [UnaryOperator.Relu] = ActivationKind.Relu, [UnaryOperator.Relu6] = ActivationKind.Relu6, [UnaryOperator.Elu] = ActivationKind.Elu,
        [UnaryOperator.Selu] = ActivationKind.Selu, [UnaryOperator.Sigmoid] = ActivationKind.Sigmoid, [UnaryOperator.Tanh] = ActivationKind.Tanh,
        [UnaryOperator.Softplus] = ActivationKind.Softplus, [UnaryOperator.LeakyRelu] = ActivationKind.LeakyRelu,
    };

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        foreach (var (name, op) in UnaryOps)
        {
            table[name] = ctx => new[] { Unary(ctx, op) };
        }
        foreach (var (name, op) in BinaryOps)
        {
            table[name] = ctx => new[] { name.StartsWith("BiasAdd", StringComparison.Ordinal) ? BiasAdd(ctx) : Binary(ctx, op, ctx.Input(0), ctx.Input(1)) };
        }
        table["AddN"] = ctx => new[] { ctx.Inputs.Skip(1).Aggregate(ctx.Input(0), (sum, next) => Binary(ctx, BinaryOperator.Add, sum, next)) };
    }

    public static Symbol Unary(OpContext ctx, UnaryOperator op)
    {
        var x = Float(ctx, ctx.Input(0));
        // LeakyRelu's alpha defaults to 0.2 in TensorFlow's op definition; no other operator has one.
        var alpha = op == UnaryOperator.LeakyRelu ? ctx.Float("alpha", 0.2f) : 0f;
        if (x.Floats is { } values)
        {
            var folded = new float[values.Length];
            Elementwise.Unary(op, alpha, values, folded);
            return Symbol.Constant(folded, x.Dims);
        }
        if (Fusable.TryGetValue(op, out var kind) && ctx.SoleReader(0) && ctx.Program.ProducerIfLast(x.Value) is { } gemm && ProgramKernels.HasEpilogue(gemm.Kernel) && gemm["activation"] == nameof(ActivationKind.None))
        {
            gemm["activation"] = kind.ToString();
            gemm["alpha"] = alpha.ToString("R", CultureInfo.InvariantCulture);
            return x;
        }
        var y = ctx.Program.AddTemporary("float32", x.Dims);
        ctx.Program.AddStep(ProgramKernels.Unary, y, new[] { x.Value }, ("op", op.ToString()), ("alpha", alpha.ToString("R", CultureInfo.InvariantCulture)));
        return Symbol.Runtime("float32", x.Dims, y);
    }

    private static Symbol BiasAdd(OpContext ctx)
    {
        var x = Float(ctx, ctx.Input(0));
        var bias = Float(ctx, ctx.Input(1));
        if (bias.Dims.Length != 1 || x.Dims.Length < 2)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"adds a bias of shape {bias.ShapeText} to {x.ShapeText}; it needs a vector and a value of rank 2 or more");
        }
        var nchw = ctx.String("data_format", "NHWC") == "NCHW";
        var channelAxis = nchw ? 1 : x.Dims.Length - 1;
        if (x.Dims[channelAxis] != bias.Dims[0])
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"adds a bias of {bias.Dims[0]} to {x.ShapeText}, whose channel dimension is {x.Dims[channelAxis]}");
        }
        if (!nchw && !x.IsConstant && bias.Floats is not null && ctx.SoleReader(0)
            && ctx.Program.ProducerIfLast(x.Value) is { } gemm && ProgramKernels.HasEpilogue(gemm.Kernel)
            && gemm.Inputs.Length == ProgramKernels.FixedInputs(gemm.Kernel) && gemm["activation"] == nameof(ActivationKind.None))
        {
            gemm.Inputs = gemm.Inputs.Append(ctx.Program.ValueOf(bias, ctx.Node.Name)).ToArray();
            return x;
        }
        // As a broadcast: the bias reshaped to [C] (NHWC) or [C, 1, …] (NCHW).
        var shaped = nchw ? Reshaped(bias, new[] { bias.Dims[0] }.Concat(Enumerable.Repeat(1L, x.Dims.Length - 2)).ToArray()) : bias;
        return Binary(ctx, BinaryOperator.Add, x, shaped);
    }

    public static Symbol Binary(OpContext ctx, BinaryOperator op, Symbol a, Symbol b)
    {
        if (a.Ints is { } ai && b.Ints is { } bi && a.DType == b.DType)
        {
            return IntegerFolding.Binary(ctx, op, a, ai, b, bi);
        }
        if (CounterOps.IsRuntimeInteger(a, b))
        {
            return CounterOps.IntegerBinary(ctx, op, a, b);
        }
        a = Float(ctx, a);
        b = Float(ctx, b);
        var dims = Shapes.Broadcast(a.Dims, b.Dims)
            ?? throw ctx.Fail(GraphCompileException.BadShape, $"cannot broadcast {a.ShapeText} with {b.ShapeText}");
        dims = Shapes.Checked(ctx, dims);
        var aMode = Shapes.Indexing(a.Dims, dims);
        var bMode = Shapes.Indexing(b.Dims, dims);
        if (aMode is null || bMode is null || (aMode.Value.Mode == "col" && bMode.Value.Mode == "col" && aMode.Value.Inner != bMode.Value.Inner))
        {
            return StridedBinary(ctx, op, a, b, dims);
        }
        var inner = Math.Max(aMode.Value.Inner, bMode.Value.Inner);
        if (a.Floats is { } av && b.Floats is { } bv)
        {
            var folded = new float[Shapes.Count(dims)];
            Elementwise.Binary(op, av, Mode(aMode.Value.Mode), bv, Mode(bMode.Value.Mode), (int)inner, folded);
            return Symbol.Constant(folded, dims);
        }
        var c = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.Binary, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op.ToString()), ("a", aMode.Value.Mode), ("b", bMode.Value.Mode), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime("float32", dims, c);
    }

    /// <summary>NumPy broadcasting in a pattern the same/row/col modes do not cover: a walk of both operands over the result.</summary>
    private static Symbol StridedBinary(OpContext ctx, BinaryOperator op, Symbol a, Symbol b, long[] dims)
    {
        var aStrides = LayoutOps.BroadcastStrides(a.Dims, dims);
        var bStrides = LayoutOps.BroadcastStrides(b.Dims, dims);
        var cStrides = Shapes.RowMajor(dims);
        var map = Movement.Map(ctx, dims, new[] { aStrides, bStrides, cStrides }, new long[3]);
        if (a.Floats is { } av && b.Floats is { } bv)
        {
            var folded = new float[Shapes.Count(dims)];
            Elementwise.Binary(op, av, bv, folded, 1, map);
            return Symbol.Constant(folded, dims);
        }
        var c = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.BroadcastBinary, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("op", op.ToString()), ("dims", Movement.List(dims)), ("aStrides", Movement.List(aStrides)), ("bStrides", Movement.List(bStrides)), ("cStrides", Movement.List(cStrides)));
        return Symbol.Runtime("float32", dims, c);
    }

    /// <summary>The kernel's <see cref="Broadcast"/> for a plan mode.</summary>
    public static Broadcast Mode(string mode) => mode switch
    {
        "same" => Broadcast.Same,
        "row" => Broadcast.Row,
        _ => Broadcast.Column,
    };

    private static Symbol Reshaped(Symbol s, long[] dims) => s.Floats is { } f ? Symbol.Constant(f, dims, s.Origin) : Symbol.Runtime(s.DType, dims, s.Value);

    /// <summary>Integer constants (shape arithmetic reaching a float op) become floats; run-time values must be float32.</summary>
    private static Symbol Float(OpContext ctx, Symbol s)
    {
        if (s.DType == "float32")
        {
            return s;
        }
        if (s.Ints is { } ints && !ints.Contains(Shapes.BatchMarker))
        {
            return Symbol.Constant(ints.Select(v => (float)v).ToArray(), s.Dims);
        }
        throw ctx.Fail(GraphCompileException.UnsupportedOp, $"computes on {s.DType} at run time; this version computes float32 at run time and folds integer shape arithmetic at build time");
    }
}
