using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Inference.Kernels;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>MatMul and BatchMatMul (a packed GEMM for a constant right-hand side), Softmax, LogSoftmax and the reductions.</summary>
internal static class MatrixOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["MatMul"] = ctx => new[] { Product(ctx, ctx.Bool("transpose_a"), ctx.Bool("transpose_b"), stacked: false) };
        foreach (var op in new[] { "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3" })
        {
            table[op] = ctx => new[] { Product(ctx, ctx.Bool("adj_x"), ctx.Bool("adj_y"), stacked: true) };
        }
        table["Softmax"] = ctx => new[] { Softmax(ctx, log: false) };
        table["LogSoftmax"] = ctx => new[] { Softmax(ctx, log: true) };
        foreach (var op in new[] { ReduceOperator.Sum, ReduceOperator.Mean, ReduceOperator.Max, ReduceOperator.Min, ReduceOperator.Prod })
        {
            table[op.ToString()] = ctx => new[] { Reduce(ctx, op, ctx.Input(0)) };
        }
    }

    /// <summary>
    /// MatMul and BatchMatMul: a constant right-hand side shared by every matrix of A is packed
    /// once and multiplied by the GEMM over all of A's rows (bias and activation fused later);
    /// anything else (B computed at run time, a stack of B, adj_x on a stack) multiplies the
    /// operands where they lie, with the stacks broadcast as the elementwise ops broadcast.
    /// </summary>
    private static Symbol Product(OpContext ctx, bool ta, bool tb, bool stacked) => Product(ctx, ctx.Input(0), ctx.Input(1), ta, tb, stacked);

    /// <summary>The product of <paramref name="a"/> and <paramref name="b"/> as <see cref="Product(OpContext, bool, bool, bool)"/> computes a node's (Einsum's reduction calls it too).</summary>
    public static Symbol Product(OpContext ctx, Symbol a, Symbol b, bool ta, bool tb, bool stacked)
    {
        if (stacked ? a.Dims.Length < 2 || b.Dims.Length < 2 : a.Dims.Length != 2 || b.Dims.Length != 2)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"multiplies {a.ShapeText} by {b.ShapeText}; {(stacked ? "it takes stacks of matrices (rank 2 or more)" : "MatMul takes matrices")}");
        }
        int ra = a.Dims.Length, rb = b.Dims.Length;
        long m = ta ? a.Dims[ra - 1] : a.Dims[ra - 2], k = ta ? a.Dims[ra - 2] : a.Dims[ra - 1];
        long kb = tb ? b.Dims[rb - 1] : b.Dims[rb - 2], n = tb ? b.Dims[rb - 2] : b.Dims[rb - 1];
        if (k < 0 || kb < 0 || n < 0)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"multiplies {a.ShapeText}{(ta ? "ᵀ" : "")} by {b.ShapeText}{(tb ? "ᵀ" : "")}, where the batch is the inner or the column dimension; this version needs the batch to be A's rows or a stack dimension");
        }
        if (k != kb)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"multiplies {a.ShapeText}{(ta ? "ᵀ" : "")} by {b.ShapeText}{(tb ? "ᵀ" : "")}: inner dimensions {k} and {kb} differ");
        }
        if (n == 0 || k == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has an empty operand ({a.ShapeText} × {b.ShapeText})");
        }
        long[] aStack = a.Dims.Take(ra - 2).ToArray(), bStack = b.Dims.Take(rb - 2).ToArray();
        var stack = Shapes.Broadcast(aStack, bStack)
            ?? throw ctx.Fail(GraphCompileException.BadShape, $"multiplies stacks {a.ShapeText} and {b.ShapeText} whose batch dimensions do not broadcast");
        var dims = Shapes.Checked(ctx, stack.Append(m).Append(n).ToArray());
        var aMode = Shapes.Indexing(aStack, stack);
        var bMode = Shapes.Indexing(bStack, stack);
        if (aMode is null || bMode is null || (aMode.Value.Mode == "col" && bMode.Value.Mode == "col" && aMode.Value.Inner != bMode.Value.Inner))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"broadcasts the stacks of {a.ShapeText} and {b.ShapeText} in a pattern this version does not run (an operand's non-1 dimensions must be one block)");
        }
        var inner = Math.Max(aMode.Value.Inner, bMode.Value.Inner);
        if (a.Floats is { } left && b.Floats is { } right)
        {
            var product = new float[Shapes.Count(dims)];
            MatrixProducts.BatchMultiply(left, ElementwiseOps.Mode(aMode.Value.Mode), right, ElementwiseOps.Mode(bMode.Value.Mode), (int)inner,
                (int)m, (int)k, (int)n, ta, tb, product);
            return Symbol.Constant(product, dims);
        }
        var c = ctx.Program.AddTemporary(ProgramDTypes.Float32, dims);
        if (b.Floats is not null && bStack.All(d => d == 1) && (!ta || ra == 2) && !a.IsConstant)
        {
            // One B for every matrix of A: A's matrices are consecutive rows of one [rows, k] matrix.
            ctx.Program.AddStep(ProgramKernels.MatMul, c, new[] { a.Value, ctx.Program.ValueOf(b, ctx.Node.Name) },
                ("k", OpContext.Num(k)), ("n", OpContext.Num(n)), ("transposeA", ta ? "true" : "false"), ("transposeB", tb ? "true" : "false"),
                ("activation", nameof(ActivationKind.None)), ("alpha", "0"));
        }
        else
        {
            ctx.Program.AddStep(ProgramKernels.BatchMatMul, c, new[] { ctx.Program.ValueOf(a, ctx.Node.Name), ctx.Program.ValueOf(b, ctx.Node.Name) },
                ("m", OpContext.Num(m)), ("k", OpContext.Num(k)), ("n", OpContext.Num(n)), ("adjointA", ta ? "true" : "false"), ("adjointB", tb ? "true" : "false"),
                ("a", aMode.Value.Mode), ("b", bMode.Value.Mode), ("inner", OpContext.Num(inner)));
        }
        return Symbol.Runtime(ProgramDTypes.Float32, dims, c);
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

    /// <summary>A reduction of <paramref name="x"/> over the node's axes (input 1) and keep_dims; float32 at run time.</summary>
    internal static Symbol Reduce(OpContext ctx, ReduceOperator op, Symbol x)
    {
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
