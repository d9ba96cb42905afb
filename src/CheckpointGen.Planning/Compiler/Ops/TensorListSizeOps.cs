using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// The TensorList ops that change a list's item count: EmptyTensorList, TensorListResize,
/// TensorListPushBack and TensorListPopBack. A list is one buffer sized at build time, so each new
/// count must be known there (a constant size; a push or pop on a list of known count); the list of
/// the new count is a new buffer, the items kept copied by one strided walk, new items zeros.
/// </summary>
internal static class TensorListSizeOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["EmptyTensorList"] = ctx => new[] { Empty(ctx) };
        table["TensorListResize"] = ctx => new[] { Resize(ctx, ctx.Input(0), Size(ctx)) };
        table["TensorListPushBack"] = ctx => new[] { PushBack(ctx) };
        table["TensorListPopBack"] = PopBack;
    }

    /// <summary>
    /// <paramref name="list"/> with <paramref name="count"/> items: the first items kept, any new
    /// ones zeros. The same count is the same buffer, marked shared so a write copies it first.
    /// </summary>
    internal static Symbol Resize(OpContext ctx, Symbol list, long count)
    {
        var layout = list.List ?? TensorListOps.List(ctx, 0);
        if (count < 0 || count > Shapes.MaxElements)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"resizes a list to {count} items");
        }
        if (count == layout.Count)
        {
            return Symbol.TensorList(list.DType, list.Dims, list.Value, layout with { Shared = true });
        }
        if (layout.Count == 0 || count == 0)
        {
            return TensorListOps.Zeroed(ctx, list.DType, count, layout.ItemDims);
        }
        var resized = layout with { Count = count, Shared = false };
        var dims = Shapes.Checked(ctx, resized.StorageDims);
        var moved = count < layout.Count
            ? Movement.Gather(ctx, list, dims, dims, Shapes.RowMajor(list.Dims), 0)
            : Movement.Pad(ctx, list, dims, Shapes.RowMajor(dims), 0, 0);
        return Symbol.TensorList(list.DType, dims, moved.Value, resized);
    }

    /// <summary>EmptyTensorList: a list of no items (max_num_elements only bounds later growth, which must then be known at build time).</summary>
    private static Symbol Empty(OpContext ctx)
    {
        var dtype = RuntimeDTypes.Attribute(ctx, "element_dtype", Protos.DataType.DtFloat);
        return TensorListOps.Zeroed(ctx, dtype, 0, TensorListOps.ItemDims(ctx, ctx.ConstantInts(0, "element_shape")));
    }

    private static long Size(OpContext ctx) => ctx.Input(1).Ints is [var size] ? size
        : throw ctx.Fail(GraphCompileException.UnknownTensorList, "resizes the list to a size known only at run time; this version needs every list's item count known at build time");

    /// <summary>TensorListPushBack: the list one item longer, the item written last.</summary>
    private static Symbol PushBack(OpContext ctx)
    {
        var list = ctx.Input(0);
        var count = TensorListOps.List(ctx, 0).Count;
        var grown = Resize(ctx, list, count + 1);
        return TensorListOps.Write(ctx, grown, TensorListOps.IndexValue(ctx, count), ctx.Input(1), copy: grown.List!.Shared);
    }

    /// <summary>TensorListPopBack: the list one item shorter, and its last item.</summary>
    private static Symbol[] PopBack(OpContext ctx)
    {
        var list = ctx.Input(0);
        var layout = TensorListOps.List(ctx, 0);
        if (layout.Count == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "pops an item from an empty list");
        }
        TensorListOps.Compatible(ctx, ctx.ConstantInts(1, "element_shape"), layout.ItemDims, "the list's items");
        var item = TensorListOps.Read(ctx, list, TensorListOps.IndexValue(ctx, layout.Count - 1));
        return new[] { Resize(ctx, list, layout.Count - 1), item };
    }
}
