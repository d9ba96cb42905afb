using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// TensorFlow's TensorList ops (as Keras' RNN loops and tf.TensorArray use them) on one buffer per
/// list (<see cref="TensorListLayout"/>): Reserve clears a new buffer, FromTensor takes the
/// tensor's own buffer, GetItem copies one item out, SetItem writes one item in place (after a
/// copy of the list when another reader needs the list unchanged), Stack is the buffer itself,
/// Length and ElementShape fold. Every list's item count and item shape (but the batch) are known
/// at build time.
/// </summary>
internal static class TensorListOps
{
    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal) { "Identity", "IdentityN", "StopGradient", "Snapshot" };

    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["TensorListReserve"] = ctx => new[] { Reserve(ctx) };
        table["TensorListFromTensor"] = ctx => new[] { FromTensor(ctx) };
        table["TensorListGetItem"] = ctx => new[] { GetItem(ctx) };
        table["TensorListSetItem"] = ctx => new[] { SetItem(ctx) };
        table["TensorListStack"] = ctx => new[] { Stack(ctx) };
        table["TensorListLength"] = ctx => new[] { Symbol.Constant(ProgramDTypes.Int32, new[] { List(ctx, 0).Count }, Array.Empty<long>()) };
        table["TensorListElementShape"] = ctx => new[] { ElementShape(ctx) };
        TensorListSizeOps.Register(table);
        TensorListBulkOps.Register(table);
    }

    /// <summary>
    /// Whether <paramref name="op"/> may read a TensorList or a batch-second view (<see cref="Symbol.IsSpecial"/>):
    /// the TensorList ops, pass-through ops, loops and branches (which pass them on as they are) read both;
    /// Transpose, StridedSlice and Shape know batch-second views.
    /// Every other op reading one is the node's error, never a computation on the wrong layout.
    /// </summary>
    public static bool ReadsSpecial(string op, IEnumerable<Symbol> inputs) =>
        inputs.Any(i => i.Groups > 0) ? LayerNormOps.ReadsGrouped(op) :
        op.StartsWith("TensorList", StringComparison.Ordinal) || PassThrough.Contains(op) || op is "While" or "StatelessWhile" or "If" or "StatelessIf" or "Case" or "StatelessCase"
        || (op is "Transpose" or "StridedSlice" or "Shape" or "ReverseV2" && inputs.All(i => i.List is null));

    /// <summary>TensorListReserve: a new zeroed buffer of num_elements items of element_shape (a leading -1 is the batch).</summary>
    private static Symbol Reserve(OpContext ctx)
    {
        var dtype = RuntimeDTypes.Attribute(ctx, "element_dtype", Protos.DataType.DtFloat);
        var count = ctx.Input(1).Ints is [var n] ? n : throw ctx.Fail(GraphCompileException.UnknownTensorList, "reserves a number of items known only at run time; this version needs num_elements known at build time");
        if (count < 0 || count > Shapes.MaxElements)
        {
            throw ctx.Fail(GraphCompileException.UnknownTensorList, $"reserves {count} items; this version needs num_elements known at build time (0 or more)");
        }
        return Zeroed(ctx, dtype, count, ItemDims(ctx, ctx.ConstantInts(0, "element_shape")));
    }

    /// <summary>A new buffer of <paramref name="count"/> zeroed items of <paramref name="itemDims"/>.</summary>
    internal static Symbol Zeroed(OpContext ctx, string dtype, long count, long[] itemDims)
    {
        var layout = new TensorListLayout(count, itemDims, Shared: false);
        var dims = Shapes.Checked(ctx, layout.StorageDims);
        var list = ctx.Program.AddTemporary(dtype, dims);
        ctx.Program.AddStep(ProgramKernels.ListReserve, list, Array.Empty<int>());
        return Symbol.TensorList(dtype, dims, list, layout);
    }

    /// <summary>
    /// TensorListFromTensor: items along the tensor's first axis, in the tensor's own buffer. A
    /// batch-second view ([N, batch, …]: Keras' time-major input) gives batched items.
    /// </summary>
    private static Symbol FromTensor(OpContext ctx)
    {
        var list = ItemsOf(ctx, ctx.Input(0));
        Compatible(ctx, ctx.ConstantInts(1, "element_shape"), list.List!.ItemDims, "the tensor's items");
        return list;
    }

    /// <summary>
    /// The items along <paramref name="t"/>'s first axis as a list in the tensor's own buffer (shared:
    /// a write copies it first). A batch-second view ([N, batch, …]: Keras' time-major input) gives batched items.
    /// </summary>
    internal static Symbol ItemsOf(OpContext ctx, Symbol t)
    {
        if (t.List is not null)
        {
            throw ctx.Fail(GraphCompileException.UnsupportedOp, "makes a list of a list");
        }
        if (t.IsBatched && !t.BatchSecond)
        {
            throw ctx.Fail(GraphCompileException.UnknownTensorList, $"makes a list of the items along the batch of {t.ShapeText}; this version needs the item count known at build time");
        }
        if (t.Dims.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, "makes a list of a scalar");
        }
        var graphDims = t.GraphDims;
        var layout = new TensorListLayout(graphDims[0], graphDims.Skip(1).ToArray(), Shared: true);
        return Symbol.TensorList(t.DType, t.Dims, ctx.Program.ValueOf(t, ctx.Node.Name), layout);
    }

    /// <summary>TensorListGetItem: a copy of one item (the index may be known only at run time; out of range is an IndexOutOfRangeException there).</summary>
    private static Symbol GetItem(OpContext ctx)
    {
        var layout = List(ctx, 0);
        Compatible(ctx, ctx.ConstantInts(2, "element_shape"), layout.ItemDims, "the list's items");
        return Read(ctx, ctx.Input(0), Index(ctx, 1, layout));
    }

    /// <summary>A copy of the item at the run-time <paramref name="index"/> of <paramref name="list"/>.</summary>
    internal static Symbol Read(OpContext ctx, Symbol list, int index)
    {
        var layout = list.List!;
        var item = ctx.Program.AddTemporary(list.DType, layout.ItemDims);
        ctx.Program.AddStep(ProgramKernels.ListGetItem, item, new[] { list.Value, index }, Layout(ctx, layout));
        return Symbol.Runtime(list.DType, layout.ItemDims, item);
    }

    /// <summary>
    /// TensorListSetItem: writes the item into the list's buffer and returns the same buffer as the
    /// new list, unless the input list is read elsewhere (or shares its buffer with a tensor): then
    /// into a copy, so every reader sees the list TensorFlow's value semantics give it.
    /// </summary>
    private static Symbol SetItem(OpContext ctx)
    {
        var list = ctx.Input(0);
        var layout = List(ctx, 0);
        if (ctx.Bool("resize_if_index_out_of_bounds"))
        {
            // TensorArray(dynamic_size=True).write: the list grows to index + 1 when the index is
            // past its end, which only a build-time index lets the buffer be sized for.
            var at = ctx.Input(1).Ints is [var known] ? known
                : throw ctx.Fail(GraphCompileException.UnknownTensorList, "may grow the list (resize_if_index_out_of_bounds) at an index known only at run time; this version needs the item count fixed at build time");
            if (at >= layout.Count)
            {
                var grown = TensorListSizeOps.Resize(ctx, list, at + 1);
                return Write(ctx, grown, Index(ctx, 1, grown.List!), ctx.Input(2), copy: false);
            }
        }
        return Write(ctx, list, Index(ctx, 1, layout), ctx.Input(2), copy: layout.Shared || !ctx.SoleReader(0));
    }

    /// <summary>
    /// Writes <paramref name="item"/> at the run-time <paramref name="index"/> of <paramref name="list"/>:
    /// in its buffer, or into a copy of it when <paramref name="copy"/> (the list has other readers).
    /// </summary>
    internal static Symbol Write(OpContext ctx, Symbol list, int index, Symbol item, bool copy)
    {
        var layout = list.List!;
        if (item.IsSpecial || item.DType != list.DType || !item.Dims.SequenceEqual(layout.ItemDims))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"sets an item of {item.DType} {item.ShapeText} in a list of {list.DType} items of [{Text(layout.ItemDims)}]");
        }
        var target = list.Value;
        if (copy)
        {
            target = ctx.Program.AddTemporary(list.DType, list.Dims);
            ctx.Program.AddStep(ProgramKernels.Copy, target, new[] { list.Value });
        }
        var updated = ctx.Program.Alias(target, list.Dims);
        ctx.Program.AddStep(ProgramKernels.ListSetItem, updated, new[] { target, index, ctx.Program.ValueOf(item, ctx.Node.Name) }, Layout(ctx, layout));
        return Symbol.TensorList(list.DType, list.Dims, updated, layout with { Shared = false });
    }

    /// <summary>TensorListStack: the list's buffer as a tensor [N, …] (a batch-second view when the items are batched): no copy.</summary>
    private static Symbol Stack(OpContext ctx)
    {
        var list = ctx.Input(0);
        var layout = List(ctx, 0);
        var expected = ctx.Int("num_elements", -1);
        if (expected >= 0 && expected != layout.Count)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"stacks {expected} items (num_elements) of a list of {layout.Count}");
        }
        Compatible(ctx, ctx.ConstantInts(1, "element_shape"), layout.ItemDims, "the list's items");
        return layout.Batched ? Symbol.BatchSecondView(list.DType, list.Dims, list.Value) : Symbol.Runtime(list.DType, list.Dims, list.Value);
    }

    private static Symbol ElementShape(OpContext ctx)
    {
        var layout = List(ctx, 0);
        var dtype = RuntimeDTypes.Attribute(ctx, "shape_type", Protos.DataType.DtInt32);
        return Symbol.Constant(dtype, layout.ItemDims.Select(d => d == PlanValue.Batch ? Shapes.BatchMarker : d).ToArray(), new long[] { layout.ItemDims.Length });
    }

    /// <summary>
    /// The item shape a Reserve names: a leading -1 is the batch (the one dimension only known at run
    /// time, as everywhere in the compiler); any other unknown dimension, or an unknown rank, is the node's error.
    /// </summary>
    internal static long[] ItemDims(OpContext ctx, long[] shape)
    {
        if (shape is [-1] && ctx.Input(0).Dims.Length == 0)
        {
            throw ctx.Fail(GraphCompileException.UnknownTensorList, "reserves items of unknown rank; this version needs the element_shape known but for a leading batch (-1)");
        }
        for (var i = 1; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw ctx.Fail(GraphCompileException.UnknownTensorList, $"reserves items of shape [{Text(shape)}]; this version needs every dimension but a leading batch (-1) known");
            }
        }
        return shape.Select((d, i) => i == 0 && d < 0 ? PlanValue.Batch : d).ToArray();
    }

    /// <summary>An element_shape input must agree with the items' shape where it names a dimension (-1 or unknown rank: any).</summary>
    internal static void Compatible(OpContext ctx, long[] shape, long[] items, string what)
    {
        var unknownRank = shape is [-1] && items.Length != 1;
        if (!unknownRank && (shape.Length != items.Length || shape.Where((d, i) => d >= 0 && d != items[i]).Any()))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has element_shape [{Text(shape)}], which does not fit {what}, [{Text(items)}]");
        }
    }

    internal static TensorListLayout List(OpContext ctx, int input) =>
        ctx.Input(input).List ?? throw ctx.Fail(GraphCompileException.UnsupportedOp, $"reads input {input} as a TensorList; it is a tensor {ctx.Input(input).ShapeText}");

    /// <summary>The int32 scalar index as a program value; a constant one is checked against the list here.</summary>
    internal static int Index(OpContext ctx, int input, TensorListLayout layout)
    {
        var index = ctx.Input(input);
        if (index.IsSpecial || index.DType != ProgramDTypes.Int32 || index.Dims.Length != 0)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has the index {index.DType} {index.ShapeText}; a TensorList index is an int32 scalar");
        }
        if (index.Ints is [var i] && (i < 0 || i >= layout.Count))
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"indexes item {i} of a list of {layout.Count}");
        }
        return ctx.Program.ValueOf(index, ctx.Node.Name);
    }

    /// <summary>A build-time index as the int32 scalar value the list kernels read.</summary>
    internal static int IndexValue(OpContext ctx, long index) =>
        ctx.Program.ValueOf(Symbol.Constant(ProgramDTypes.Int32, new[] { index }, Array.Empty<long>()), ctx.Node.Name);

    private static (string, string)[] Layout(OpContext ctx, TensorListLayout layout) =>
        new[] { ("count", OpContext.Num(layout.Count)), ("item", OpContext.Num(layout.ItemLength)), ("node", ctx.Node.Name) };

    internal static string Text(long[] dims) => string.Join(", ", dims.Select(d => d < 0 ? "?" : OpContext.Num(d)));
}
