namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// TensorFlow's TensorList items in one buffer, allocation-free. A list of <c>count</c> items of
/// <c>item</c> elements per batch row is held batch-major: row r's item i at (r·count + i)·item
/// (one row when the items have no batch), so a time-major sequence, the list made from it and the
/// tensor it stacks back into share the buffer.
/// </summary>
public static class TensorLists
{
    /// <summary>Copies item <paramref name="index"/> of each row of <paramref name="list"/> into <paramref name="item"/> ([rows, itemLength]).</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is not in [0, count), as TensorFlow refuses it; the message names <paramref name="node"/>, the graph node reading the item.</exception>
    public static void GetItem<T>(ReadOnlySpan<T> list, int index, int count, int itemLength, Span<T> item, string node)
        where T : unmanaged
    {
        int rows = Rows(list.Length, count, itemLength, item.Length, index, node);
        for (int r = 0; r < rows; r++) list.Slice((r * count + index) * itemLength, itemLength).CopyTo(item.Slice(r * itemLength, itemLength));
    }

    /// <summary>Copies <paramref name="item"/> ([rows, itemLength]) into item <paramref name="index"/> of each row of <paramref name="list"/>, in place.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is not in [0, count), as TensorFlow refuses it; the message names <paramref name="node"/>, the graph node writing the item.</exception>
    public static void SetItem<T>(Span<T> list, int index, int count, int itemLength, ReadOnlySpan<T> item, string node)
        where T : unmanaged
    {
        int rows = Rows(list.Length, count, itemLength, item.Length, index, node);
        for (int r = 0; r < rows; r++) item.Slice(r * itemLength, itemLength).CopyTo(list.Slice((r * count + index) * itemLength, itemLength));
    }

    private static int Rows(int listLength, int count, int itemLength, int itemSpan, int index, string node)
    {
        if ((uint)index >= (uint)count)
            throw new IndexOutOfRangeException($"Node '{node}': TensorList index {index} is outside its {count} items.");
        if (itemLength <= 0 || itemSpan % itemLength != 0 || listLength != itemSpan * count)
            throw new ArgumentException($"A list of {listLength} elements does not hold {count} items of {itemSpan} elements in rows of {itemLength}.", nameof(listLength));
        return itemSpan / itemLength;
    }
}
