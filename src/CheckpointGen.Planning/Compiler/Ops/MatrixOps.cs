using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Inference.Kernels;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>MatMul (constant right-hand side: a packed GEMM), Softmax, LogSoftmax and the reductions.</summary>
internal static class MatrixOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["MatMul"] = ctx => new[] { MatMul(ctx) };
        table["Softmax"] = ctx => new[] { Softmax(ctx, log: false) };
        table["LogSoftmax"] = ctx => new[] { Softmax(ctx, log: true) };
        foreach (var op in new[] { ReduceOperator.Sum, ReduceOperator.Mean, ReduceOperator.Max, ReduceOperator.Min, ReduceOperator.Prod })
        {
            table[op.ToString()] = ctx => new[] { Reduce(ctx, op) };
        }
    }

    private static Symbol MatMul(OpContext ctx)
    {
        Symbol a = ctx.Input(0), b = ctx.Input(1);
        bool ta = ctx.Bool("transpose_a"), tb = ctx.Bool("transpose_b");
        if (a.Dims.Length != 2 || b.Dims.Length != 2)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"multiplies {a.ShapeText} by {b.ShapeText}; MatMul takes matrices");
        }
        long m = ta ? a.Dims[1] : a.Dims[0], k = ta ? a.Dims[0] : a.Dims[1];
        long kb = tb ? b.Dims[1] : b.Dims[0], n = tb ? b.Dims[0] : b.Dims[1];
        if (k != kb || k < 0 || kb < 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"multiplies {a.ShapeText}{(ta ? "ᵀ" : "")} by {b.ShapeText}{(tb ? "ᵀ" : "")}: inner dimensions {k} and {kb} differ");
        }
        if (b.Floats is not { } weights)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "multiplies by a matrix computed at run time; this version needs a constant or variable right-hand side");
        }
        if (n == 0 || k == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has an empty operand ({a.ShapeText} × {b.ShapeText})");
        }
        var dims = Shapes.Checked(ctx, new[] { m, n });
        if (a.Floats is { } left)
        {
            var product = new float[m * n];
            Inference.Kernels.Gemm.Gemm.Multiply(left, (int)m, Inference.Kernels.Gemm.PackedMatrix.Pack(weights, (int)k, (int)n, tb), product, transposeA: ta);
            return Symbol.Constant(product, dims);
        }
        if (ta && a.IsBatched)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"transposes {a.ShapeText}, whose batch dimension is its first; this version needs the batch to stay the rows");
        }
        var c = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.MatMul, c, new[] { a.Value, ctx.Program.ValueOf(b, ctx.Node.Name) },
            ("k", OpContext.Num(k)), ("n", OpContext.Num(n)), ("transposeA", ta ? "true" : "false"), ("transposeB", tb ? "true" : "false"),
            ("activation", nameof(ActivationKind.None)), ("alpha", "0"));
        return Symbol.Runtime("float32", dims, c);
    }

    private static Symbol Softmax(OpContext ctx, bool log)
    {
        var x = ctx.Input(0);
        if (x.Dims.Length == 0 || x.Dims[^1] <= 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"takes {x.ShapeText}; softmax needs a non-empty last dimension");
        }
        if (x.Floats is { } values)
        {
            var folded = new float[values.Length];
            if (log) Inference.Kernels.Elementwise.Softmax.ApplyLog(values, (int)x.Dims[^1], folded);
            else Inference.Kernels.Elementwise.Softmax.Apply(values, (int)x.Dims[^1], folded);
            return Symbol.Constant(folded, x.Dims);
        }
        var y = ctx.Program.AddTemporary("float32", x.Dims);
        ctx.Program.AddStep(ProgramKernels.Softmax, y, new[] { x.Value }, ("width", OpContext.Num(x.Dims[^1])), ("log", log ? "true" : "false"));
        return Symbol.Runtime("float32", x.Dims, y);
    }

    private static Symbol Reduce(OpContext ctx, ReduceOperator op)
    {
        var x = ctx.Input(0);
        var axes = ctx.ConstantInts(1, "axes").Select(a => Shapes.Axis(ctx, a, x.Dims.Length)).Distinct().OrderBy(a => a).ToArray();
        var keep = ctx.Bool("keep_dims");
        var dims = Enumerable.Range(0, x.Dims.Length)
            .Where(i => keep || !axes.Contains(i))
            .Select(i => axes.Contains(i) ? 1 : x.Dims[i]).ToArray();
        if (axes.Length == 0)
        {
            return x;
        }
        if (axes[^1] - axes[0] != axes.Length - 1)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reduces axes [{string.Join(", ", axes)}] of {x.ShapeText}, which are not adjacent; this version reduces adjacent axes");
        }
        if (x.IsBatched && axes[0] == 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reduces over the batch dimension of {x.ShapeText}; this version reduces within a batch row");
        }
        var reduce = axes.Aggregate(1L, (p, a) => p * x.Dims[a]);
        var inner = x.Dims.Skip(axes[^1] + 1).Aggregate(1L, (p, d) => p * d);
        if (reduce == 0 || inner == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"reduces an empty tensor {x.ShapeText}");
        }
        if (x.Floats is { } values)
        {
            var folded = new float[values.Length / reduce];
            Reductions.Reduce(op, values, (int)reduce, (int)inner, folded);
            return Symbol.Constant(folded, dims);
        }
        if (x.Ints is { } ints)
        {
            return Symbol.Constant(x.DType, ReduceIntegers(ctx, op, ints, reduce, inner), dims);
        }
        var y = ctx.Program.AddTemporary("float32", dims);
        ctx.Program.AddStep(ProgramKernels.Reduce, y, new[] { x.Value }, ("op", op.ToString()), ("reduce", OpContext.Num(reduce)), ("inner", OpContext.Num(inner)));
        return Symbol.Runtime("float32", dims, y);
    }

    private static long[] ReduceIntegers(OpContext ctx, ReduceOperator op, long[] x, long reduce, long inner)
    {
        if (x.Contains(Shapes.BatchMarker))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "reduces a shape holding the batch size, which is known only at run time");
        }
        var outer = x.Length / (reduce * inner);
        var y = new long[outer * inner];
        for (long o = 0; o < outer; o++)
        {
            for (long i = 0; i < inner; i++)
            {
                var items = Enumerable.Range(0, (int)reduce).Select(r => x[(o * reduce + r) * inner + i]).ToArray();
                y[o * inner + i] = op switch
                {
                    ReduceOperator.Sum => items.Sum(),
                    ReduceOperator.Mean => items.Sum() / reduce,
                    ReduceOperator.Max => items.Max(),
                    ReduceOperator.Min => items.Min(),
                    _ => items.Aggregate(1L, (p, v) => p * v),
                };
            }
        }
        return y;
    }
}
