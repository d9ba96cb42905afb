using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>Static shape rules shared by the ops: broadcasting, axes, element counts with bounds.</summary>
internal static class Shapes
{
    /// <summary>No tensor of a compiled program may have more elements than this (and no dimension be negative).</summary>
    public const long MaxElements = 1L << 31;

    /// <summary>
    /// The most elements a Const may expand from its listed values (a splat: one value repeated).
    /// Its bytes are not in the file, so the bound keeps a few bytes of graph from costing gigabytes
    /// at build time; TensorFlow writes larger constants as tensor_content, and its own constant
    /// folding stops at 10 MiB.
    /// </summary>
    public const long MaxSplatElements = 1L << 22;

    /// <summary>In a constant shape vector, the batch size (known only at run time), as <c>Shape</c> of a batched tensor gives it.</summary>
    public const long BatchMarker = long.MinValue;

    /// <summary>
    /// In a constant shape vector, the batch size times <c>k</c> for k ≥ 1 is <c>BatchMarker + (k - 1)</c>
    /// (k = 1 is <see cref="BatchMarker"/>): what Keras multiplies up from <c>Shape</c> to flatten the
    /// batch with the dimensions after it. Only Mul by a known positive factor makes one; Reshape and
    /// Fill read them where LayerNormalization's fused form needs (<see cref="LayerNormOps"/>).
    /// </summary>
    /// <returns>k, or 0 when <paramref name="value"/> is no batch multiple.</returns>
    public static long BatchFactor(long value) => value >= BatchMarker && value < BatchMarker + MaxElements ? value - BatchMarker + 1 : 0;

    /// <summary>The batch multiple <paramref name="x"/>·<paramref name="y"/> when one is a batch multiple and the other a positive factor keeping it within <see cref="MaxElements"/>; else null.</summary>
    public static long? BatchTimes(long x, long y)
    {
        long fx = BatchFactor(x), fy = BatchFactor(y);
        var (factor, other) = fx > 0 && fy == 0 ? (fx, y) : fy > 0 && fx == 0 ? (fy, x) : (0, 0);
        return factor > 0 && other > 0 && other <= MaxElements && factor * other <= MaxElements ? BatchMarker + (factor * other - 1) : null;
    }

    /// <summary>NumPy broadcasting of two shapes; null when they do not broadcast.</summary>
    public static long[]? Broadcast(long[] a, long[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var y = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (x == y || y == 1)
            {
                result[i] = x;
            }
            else if (x == 1)
            {
                result[i] = y;
            }
            else
            {
                return null;
            }
        }
        return result;
    }

    /// <summary>
    /// How the kernel indexes an operand of shape <paramref name="operand"/> for a result of shape
    /// <paramref name="result"/> (see <see cref="ProgramKernels.Binary"/>): <c>same</c>, <c>row</c>,
    /// or <c>col</c> with the repeat count; null when the operand's matching dimensions are not
    /// one block (e.g. [B, 1, C] against [B, H, C]).
    /// </summary>
    public static (string Mode, long Inner)? Indexing(long[] operand, long[] result)
    {
        var padded = Enumerable.Repeat(1L, result.Length - operand.Length).Concat(operand).ToArray();
        if (padded.SequenceEqual(result))
        {
            return ("same", 1);
        }
        int first = -1, last = -1;
        for (var i = 0; i < result.Length; i++)
        {
            if (padded[i] == result[i] && result[i] != 1)
            {
                if (first < 0)
                {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0)
        {
            return ("row", 1);
        }
        for (var i = first; i <= last; i++)
        {
            if (padded[i] != result[i])
            {
                return null;
            }
        }
        var inner = result.Skip(last + 1).Aggregate(1L, (x, d) => x * d);
        return inner == 1 ? ("row", 1) : ("col", inner);
    }

    /// <summary>An axis attribute or input, negative counting from the end, checked against the rank.</summary>
    public static int Axis(OpContext ctx, long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has axis {axis}, outside a tensor of rank {rank}");
        }
        return (int)a;
    }

    /// <summary>Checks a shape's dimensions are sane and its element count bounded.</summary>
    public static long[] Checked(OpContext ctx, long[] dims)
    {
        long count = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 && !(i == 0 && dims[i] == PlanValue.Batch))
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"gives shape [{string.Join(", ", dims)}]; only the first dimension may be unknown (the batch)");
            }
            // Each factor is checked before it multiplies, so the product (at most 2^62) cannot wrap past the bound.
            if (dims[i] > MaxElements || (count *= Math.Max(dims[i], 1)) > MaxElements)
            {
                throw ctx.Fail(GraphCompileException.BadShape, $"gives shape [{string.Join(", ", dims)}], more than {MaxElements} elements");
            }
        }
        return dims;
    }

    /// <summary>The element count of a constant one value fills (a splat Const, Fill): known and at most <see cref="MaxSplatElements"/>.</summary>
    public static long SplatCount(OpContext ctx, long[] dims)
    {
        if (dims.Any(d => d < 0))
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"fills shape [{string.Join(", ", dims)}], whose batch is known only at run time");
        }
        var count = Count(dims);
        return count <= MaxSplatElements
            ? count
            : throw ctx.Fail(GraphCompileException.BadShape, $"fills shape [{string.Join(", ", dims)}] from one value: more than {MaxSplatElements} elements");
    }

    /// <summary>Row-major strides of <paramref name="dims"/>; the batch's is the row length, like any first dimension's.</summary>
    public static long[] RowMajor(long[] dims)
    {
        var strides = new long[dims.Length];
        long stride = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(dims[i], 1);
        }
        return strides;
    }

    public static long Count(long[] dims) => dims.Aggregate(1L, (a, d) => a * d);
}
