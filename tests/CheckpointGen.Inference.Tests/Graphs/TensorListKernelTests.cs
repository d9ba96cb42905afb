using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Inference.Tests.Graphs;

/// <summary>Items of a batch-major TensorList buffer ([rows, count, item]) read and written by index, against plain indexing.</summary>
public class TensorListKernelTests
{
    private const int Rows = 3, Count = 4, Item = 2;

    private static readonly float[] List = Enumerable.Range(0, Rows * Count * Item).Select(i => (float)i).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void Get_item_copies_item_index_of_every_row(int index)
    {
        var item = new float[Rows * Item];

        TensorLists.GetItem<float>(List, index, Count, Item, item, "get");

        Assert.Equal(Enumerable.Range(0, Rows).SelectMany(r => List.Skip((r * Count + index) * Item).Take(Item)), item);
    }

    [Fact]
    public void Set_item_writes_item_index_of_every_row_and_nothing_else()
    {
        var list = (float[])List.Clone();
        float[] item = [-1f, -2f, -3f, -4f, -5f, -6f];

        TensorLists.SetItem<float>(list, 1, Count, Item, item, "set");

        var expected = (float[])List.Clone();
        for (var r = 0; r < Rows; r++)
        {
            Array.Copy(item, r * Item, expected, (r * Count + 1) * Item, Item);
        }
        Assert.Equal(expected, list);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Count)]
    public void An_index_outside_the_list_throws_before_touching_it(int index)
    {
        var list = (float[])List.Clone();

        var error = Assert.Throws<IndexOutOfRangeException>(() => TensorLists.SetItem<float>(list, index, Count, Item, new float[Rows * Item], "loop/set"));

        Assert.Contains($"Node 'loop/set': TensorList index {index} is outside its {Count} items", error.Message);
        Assert.Equal(List, list);
        Assert.Throws<IndexOutOfRangeException>(() => TensorLists.GetItem<float>(List, index, Count, Item, new float[Rows * Item], "get"));
    }

    [Fact]
    public void Spans_that_do_not_hold_the_list_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => TensorLists.GetItem<float>(List, 0, Count, Item, new float[Rows * Item + 1], "get"));
        Assert.Throws<ArgumentException>(() => TensorLists.SetItem<float>(new float[5], 0, Count, Item, new float[Item], "set"));
    }
}
