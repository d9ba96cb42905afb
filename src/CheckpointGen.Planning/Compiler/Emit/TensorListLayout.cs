namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// How a TensorList's items lie in its one buffer. Items of a batched shape ([batch, …]) are held
/// batch-major, [batch, <see cref="Count"/>, …], so that a time-major sequence transposed from a
/// batched tensor, the list made from it and the tensor it stacks back into are all one buffer;
/// items without a batch are held [<see cref="Count"/>, …].
/// </summary>
/// <param name="Count">The number of items (TensorFlow's num_elements), known at build time.</param>
/// <param name="ItemDims">Every item's shape; <see cref="Contracts.Plan.PlanValue.Batch"/> first when batched.</param>
/// <param name="Shared">
/// Whether the buffer is also another tensor's (a list made from a tensor without a copy, or from a
/// constant): TensorListSetItem then copies the list before writing into it.
/// </param>
internal sealed record TensorListLayout(long Count, long[] ItemDims, bool Shared)
{
    public bool Batched => ItemDims.Length > 0 && ItemDims[0] == Contracts.Plan.PlanValue.Batch;

    /// <summary>Elements of one item per batch row (all of it when not batched).</summary>
    public long ItemLength => ItemDims.Aggregate(1L, (a, d) => a * (d < 0 ? 1 : d));

    /// <summary>The dims of the buffer holding the list.</summary>
    public long[] StorageDims => Batched
        ? new[] { Contracts.Plan.PlanValue.Batch, Count }.Concat(ItemDims.Skip(1)).ToArray()
        : new[] { Count }.Concat(ItemDims).ToArray();
}
