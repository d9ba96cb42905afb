using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// The one way the layout and slicing ops move data: a strided walk (see <see cref="StridedMap"/>),
/// folded by the run-time kernel itself when the input is known, else a <see cref="ProgramKernels.Strided"/>
/// or <see cref="ProgramKernels.Pad"/> step. The batch, when there is one, is the walk's first dimension.
/// </summary>
internal static class Movement
{
    /// <summary>
    /// A new tensor of shape <paramref name="dims"/> whose elements, in row-major order, are those of
    /// <paramref name="x"/> reached by walking <paramref name="walk"/> with <paramref name="strides"/>
    /// from <paramref name="offset"/> (the walk's element count is <paramref name="dims"/>').
    /// </summary>
    public static Symbol Gather(OpContext ctx, Symbol x, long[] dims, long[] walk, long[] strides, long offset)
    {
        dims = Shapes.Checked(ctx, dims);
        if (offset == 0 && walk.SequenceEqual(x.Dims) && dims.SequenceEqual(x.Dims) && strides.SequenceEqual(Shapes.RowMajor(x.Dims)))
        {
            return x;
        }
        return Walk(ctx, ProgramKernels.Strided, x, dims, walk, strides, offset, Shapes.RowMajor(walk), 0, null);
    }

    /// <summary>
    /// A new tensor of shape <paramref name="dims"/> filled with <paramref name="value"/> (a float or
    /// integer constant) where <paramref name="x"/> does not land: x's element i goes to
    /// <paramref name="offset"/> + Σ i·<paramref name="strides"/> (constant padding).
    /// </summary>
    public static Symbol Pad(OpContext ctx, Symbol x, long[] dims, long[] strides, long offset, double value)
    {
        dims = Shapes.Checked(ctx, dims);
        return Walk(ctx, ProgramKernels.Pad, x, dims, x.Dims, Shapes.RowMajor(x.Dims), 0, strides, offset, value);
    }

    /// <summary>
    /// <paramref name="y"/> with elements copied from one region of itself to another, disjoint one
    /// (MirrorPad's borders): a step writing the value it reads, or a copy of the folded array.
    /// </summary>
    public static Symbol CopyWithin(OpContext ctx, Symbol y, long[] walk, long[] fromStrides, long fromOffset, long[] toStrides, long toOffset)
    {
        var map = Map(ctx, walk, new[] { fromStrides, toStrides }, new[] { fromOffset, toOffset });
        if (y.Floats is { } floats)
        {
            var copy = (float[])floats.Clone();
            Strided.Copy<float>(copy, copy, 1, map);
            return Symbol.Constant(copy, y.Dims);
        }
        if (y.Ints is { } ints)
        {
            var copy = (long[])ints.Clone();
            Strided.Copy<long>(copy, copy, 1, map);
            return Symbol.Constant(y.DType, copy, y.Dims);
        }
        ctx.Program.AddStep(ProgramKernels.Strided, y.Value, new[] { y.Value },
            ("dims", List(walk)), ("xStrides", List(fromStrides)), ("xOffset", OpContext.Num(fromOffset)), ("yStrides", List(toStrides)), ("yOffset", OpContext.Num(toOffset)));
        return y;
    }

    private static Symbol Walk(OpContext ctx, string kernel, Symbol x, long[] dims, long[] walk, long[] xStrides, long xOffset, long[] yStrides, long yOffset, double? fill)
    {
        var batched = dims.Length > 0 && dims[0] == PlanValue.Batch;
        // Built even for a run-time step: the generated class builds the same map, which must not fail there.
        var map = Map(ctx, walk, new[] { xStrides, yStrides }, new[] { xOffset, yOffset });
        var count = Shapes.Count(dims);
        // Folding materializes the result at build time: a few bytes of graph (a Tile or Fill by
        // huge counts) must not make the planner allocate gigabytes, so larger results run.
        if (!batched && (x.Floats is not null || x.Ints is not null) && count <= Shapes.MaxSplatElements)
        {
            if (x.Floats is { } floats)
            {
                var y = new float[count];
                Strided.Pad(floats, y, (float)(fill ?? 0), 1, map);
                return Symbol.Constant(y, dims);
            }
            var ints = new long[count];
            Strided.Pad(x.Ints, ints, (long)(fill ?? 0), 1, map);
            return Symbol.Constant(x.DType, ints, dims);
        }
        var input = ctx.Program.ValueOf(x, ctx.Node.Name);
        var output = ctx.Program.AddTemporary(x.DType, dims);
        var attributes = new List<(string, string)>
        {
            ("dims", List(walk)), ("xStrides", List(xStrides)), ("xOffset", OpContext.Num(xOffset)), ("yStrides", List(yStrides)), ("yOffset", OpContext.Num(yOffset)),
        };
        if (fill is { } v)
        {
            attributes.Add(("value", v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        }
        ctx.Program.AddStep(kernel, output, new[] { input }, attributes.ToArray());
        return Symbol.Runtime(x.DType, dims, output);
    }

    /// <summary>The kernel's walk for the compiler's long-valued layout (the batch stays -1); a layout beyond int indexing is a shape error.</summary>
    public static StridedMap Map(OpContext ctx, long[] walk, long[][] strides, long[] offsets)
    {
        if (walk.Concat(strides.SelectMany(s => s)).Concat(offsets).Any(v => v < int.MinValue || v > int.MaxValue) || Shapes.Count(walk.Select(d => Math.Max(d, 1)).ToArray()) > int.MaxValue)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"walks [{List(walk)}], whose offsets do not fit 32-bit indexing");
        }
        return new StridedMap(walk.Select(v => (int)v).ToArray(), strides.Select(s => s.Select(v => (int)v).ToArray()).ToArray(), offsets.Select(v => (int)v).ToArray());
    }

    public static string List(long[] values) => string.Join(",", values.Select(OpContext.Num));
}
