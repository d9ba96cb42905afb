using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// The TensorList ops that move many items at once, as tf.TensorArray's gather, scatter, concat and
/// split lower to them: TensorListGather (one <see cref="ProgramKernels.Gather"/> step over the list's
/// buffer, every index checked at run time naming the node), TensorListScatter/ScatterV2/
/// ScatterIntoExistingList (one item written per row of the tensor), TensorListConcat/ConcatV2 and
/// TensorListSplit (the same buffer seen as one tensor or as items: no copy). Item counts and shapes
/// are known at build time, as for every list.
/// </summary>
internal static class TensorListBulkOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["TensorListGather"] = ctx => new[] { Gather(ctx) };
        table["TensorListScatter"] = ctx => new[] { Scatter(ctx, numElements: -1) };
        table["TensorListScatterV2"] = ctx => new[] { Scatter(ctx, NumElements(ctx)) };
        table["TensorListScatterIntoExistingList"] = ctx => new[] { ScatterInto(ctx) };
        table["TensorListConcat"] = ctx => Concat(ctx, ctx.Node.Attr.TryGetValue("element_shape", out var shape) && !shape.Shape.UnknownRank ? shape.Shape.Dim.Select(d => d.Size).ToArray() : new long[] { -1 });
        table["TensorListConcatV2"] = ctx => Concat(ctx, ctx.ConstantInts(1, "element_shape"));
        table["TensorListSplit"] = ctx => new[] { Split(ctx) };
    }

    /// <summary>TensorListGather: the items at <c>indices</c> stacked, [n, …] (a batch-second view when the items are batched).</summary>
    private static Symbol Gather(OpContext ctx)
    {
        var list = ctx.Input(0);
        var layout = TensorListOps.List(ctx, 0);
        TensorListOps.Compatible(ctx, ctx.ConstantInts(2, "element_shape"), layout.ItemDims, "the list's items");
        var indices = Indices(ctx, 1, layout.Count);
        if (layout.Count == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "gathers items of an empty list");
        }
        var n = indices.Dims[0];
        var dims = layout.Batched
            ? new[] { PlanValue.Batch, n }.Concat(layout.ItemDims.Skip(1)).ToArray()
            : new[] { n }.Concat(layout.ItemDims).ToArray();
        dims = Shapes.Checked(ctx, dims);
        var y = ctx.Program.AddTemporary(list.DType, dims);
        ctx.Program.AddStep(ProgramKernels.Gather, y, new[] { list.Value, ctx.Program.ValueOf(indices, ctx.Node.Name) },
            ("groups", "1"), ("batchedGroups", "false"), ("axis", OpContext.Num(layout.Count)), ("inner", OpContext.Num(layout.ItemLength)), ("node", ctx.Node.Name));
        return layout.Batched ? Symbol.BatchSecondView(list.DType, dims, y) : Symbol.Runtime(list.DType, dims, y);
    }

    /// <summary>
    /// TensorListScatter/ScatterV2: a new list of <paramref name="numElements"/> items (-1: one past
    /// the largest index, which must then be known), row j of the tensor written at indices[j], the
    /// rest zeros. Indices 0…n−1 into a list of n items are the tensor's own buffer.
    /// </summary>
    private static Symbol Scatter(OpContext ctx, long numElements)
    {
        var rows = TensorListOps.ItemsOf(ctx, ctx.Input(0));
        var layout = rows.List!;
        TensorListOps.Compatible(ctx, ctx.ConstantInts(2, "element_shape"), layout.ItemDims, "the tensor's items");
        var known = ctx.Input(1).Ints;
        var count = numElements >= 0 ? numElements
            : known is not null ? (known.Length == 0 ? 0 : known.Max() + 1)
            : throw ctx.Fail(GraphCompileException.UnknownTensorList, "scatters into a list sized by indices known only at run time; this version needs num_elements or the indices known at build time");
        var indices = Indices(ctx, 1, count);
        if (indices.Dims[0] != layout.Count)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"scatters {layout.Count} items by {indices.Dims[0]} indices");
        }
        if (count == layout.Count && known is not null && known.Select((v, j) => v == j).All(x => x))
        {
            return rows;
        }
        return WriteRows(ctx, TensorListOps.Zeroed(ctx, rows.DType, count, layout.ItemDims), rows, indices, copyFirst: false);
    }

    /// <summary>TensorListScatterIntoExistingList: the list with row j of the tensor written at indices[j].</summary>
    private static Symbol ScatterInto(OpContext ctx)
    {
        var list = ctx.Input(0);
        var layout = TensorListOps.List(ctx, 0);
        var rows = TensorListOps.ItemsOf(ctx, ctx.Input(1));
        var indices = Indices(ctx, 2, layout.Count);
        if (indices.Dims[0] != rows.List!.Count)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"scatters {rows.List.Count} items by {indices.Dims[0]} indices");
        }
        if (rows.List.Count == 0)
        {
            return Symbol.TensorList(list.DType, list.Dims, list.Value, layout with { Shared = true });
        }
        return WriteRows(ctx, list, rows, indices, copyFirst: layout.Shared || !ctx.SoleReader(0));
    }

    /// <summary>Writes item j of <paramref name="rows"/> at indices[j] of <paramref name="list"/>, in order (a repeated index keeps the last row).</summary>
    private static Symbol WriteRows(OpContext ctx, Symbol list, Symbol rows, Symbol indices, bool copyFirst)
    {
        var indexItems = indices.IsConstant ? null : TensorListOps.ItemsOf(ctx, indices);
        for (var j = 0; j < rows.List!.Count; j++)
        {
            var item = TensorListOps.Read(ctx, rows, TensorListOps.IndexValue(ctx, j));
            var index = indexItems is null ? TensorListOps.IndexValue(ctx, indices.Ints![j]) : TensorListOps.Read(ctx, indexItems, TensorListOps.IndexValue(ctx, j)).Value;
            list = TensorListOps.Write(ctx, list, index, item, copy: copyFirst && j == 0);
        }
        return list;
    }

    /// <summary>
    /// TensorListConcat/ConcatV2: the items, each [k, …], joined along their first axis into
    /// [count·k, …] — the list's own buffer — and the lengths (int64, all k). Items with a batch
    /// would join along it, which the compiler does not hold.
    /// </summary>
    private static Symbol[] Concat(OpContext ctx, long[] elementShape)
    {
        var list = ctx.Input(0);
        var layout = TensorListOps.List(ctx, 0);
        TensorListOps.Compatible(ctx, elementShape, layout.ItemDims, "the list's items");
        if (layout.ItemDims.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "concatenates scalar items; TensorFlow concatenates items of rank 1 or more");
        }
        if (layout.Batched)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"concatenates items [{TensorListOps.Text(layout.ItemDims)}] along their batch; this version keeps the batch as the first dimension, whole");
        }
        var k = layout.ItemDims[0];
        var dims = new[] { layout.Count * k }.Concat(layout.ItemDims.Skip(1)).ToArray();
        var lengths = Symbol.Constant(ProgramDTypes.Int64, Enumerable.Repeat(k, (int)layout.Count).ToArray(), new[] { layout.Count });
        return new[] { Symbol.Runtime(list.DType, dims, ctx.Program.Alias(list.Value, dims)), lengths };
    }

    /// <summary>TensorListSplit: the tensor's first axis cut into items of the given lengths, all equal (items of one shape), in the tensor's own buffer.</summary>
    private static Symbol Split(OpContext ctx)
    {
        var t = ctx.Input(0);
        if (t.IsBatched || t.BatchSecond)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, $"splits {t.ShapeText} along its first axis with the batch in it; this version keeps the batch as the first dimension, whole");
        }
        var lengths = ctx.Input(2).Ints ?? throw ctx.Fail(GraphCompileException.UnknownTensorList, "splits by lengths known only at run time; this version needs every list's items known at build time");
        var rows = TensorListOps.ItemsOf(ctx, t);
        if (lengths.Any(l => l < 0) || lengths.Sum() != rows.List!.Count)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"splits the {rows.List!.Count} rows of {t.ShapeText} by lengths [{TensorListOps.Text(lengths)}], which must be 0 or more and add up to them");
        }
        if (lengths.Distinct().Count() > 1)
        {
            throw ctx.Fail(GraphCompileException.UnknownTensorList, $"splits into items of different lengths [{TensorListOps.Text(lengths)}]; this version holds lists of items of one shape");
        }
        var items = new[] { lengths.FirstOrDefault() }.Concat(t.Dims.Skip(1)).ToArray();
        TensorListOps.Compatible(ctx, ctx.ConstantInts(1, "element_shape"), items, "the items");
        var layout = new TensorListLayout(lengths.Length, items, Shared: true);
        return Symbol.TensorList(t.DType, layout.StorageDims, ctx.Program.Alias(rows.Value, layout.StorageDims), layout);
    }

    /// <summary>
    /// An int32 vector of indices into a list of <paramref name="count"/> items: known ones checked
    /// here; run-time ones by the kernel that reads them.
    /// </summary>
    private static Symbol Indices(OpContext ctx, int input, long count)
    {
        var indices = ctx.Input(input);
        if (indices.IsSpecial || indices.DType != ProgramDTypes.Int32 || indices.Dims.Length != 1 || indices.IsBatched)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has the indices {indices.DType} {indices.ShapeText}; TensorList indices are an int32 vector of a length known at build time");
        }
        if (indices.Ints?.Where(i => i < 0 || i >= count).Select(i => (long?)i).FirstOrDefault() is { } bad)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"indexes item {bad} of a list of {count}");
        }
        return indices;
    }

    private static long NumElements(OpContext ctx) => ctx.Input(3).Ints is [var n] ? n
        : throw ctx.Fail(GraphCompileException.UnknownTensorList, "scatters into a list of num_elements known only at run time; this version needs every list's item count known at build time");
}
