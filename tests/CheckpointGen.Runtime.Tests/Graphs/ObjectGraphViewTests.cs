using CheckpointGen.Protos;
using CheckpointGen.Runtime.Graphs;
using TrackableObject = CheckpointGen.Protos.TrackableObjectGraph.Types.TrackableObject;

namespace CheckpointGen.Runtime.Tests.Graphs;

public sealed class ObjectGraphViewTests
{
    [Fact]
    public void Paths_follow_the_first_breadth_first_edge_and_escape_names()
    {
        var graph = Graph((0, 1, "layer.0"), (0, 2, "opt/imizer"), (1, 3, "kernel"), (2, 3, "other"));

        var view = ObjectGraphView.Of(graph);

        Assert.Equal(string.Empty, view.PathOf(0));
        Assert.Equal("layer..0", view.PathOf(1));
        Assert.Equal("opt.Simizer", view.PathOf(2));
        Assert.Equal("layer..0/kernel", view.PathOf(3));
        Assert.Null(view.PathOf(99));
    }

    [Fact]
    public void Slot_variables_are_named_after_their_variable_and_optimizer()
    {
        var graph = Graph((0, 1, "dense"), (1, 2, "kernel"), (0, 3, "optimizer"));
        graph.Nodes.Add(new TrackableObject());
        graph.Nodes[3].SlotVariables.Add(new TrackableObject.Types.SlotVariableReference { OriginalVariableNodeId = 2, SlotName = "m", SlotVariableNodeId = 4 });

        Assert.Equal("dense/kernel/.OPTIMIZER_SLOT/optimizer/m", ObjectGraphView.Of(graph).PathOf(4));
    }

    [Fact]
    public void A_long_chain_does_not_cost_memory_quadratic_in_its_length()
    {
        const int Length = 40_000;
        var edges = Enumerable.Range(0, Length).Select(i => (i, i + 1, "x")).ToArray();
        var graph = Graph(edges);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var view = ObjectGraphView.Of(graph);
        var named = Enumerable.Range(0, Length + 1).Count(i => view.PathOf(i) is not null);

        // Every path at once would be Length^2 characters (3.2 GB); the budget stops far below.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L << 20);
        Assert.InRange(named, 100, Length);
    }

    private static TrackableObjectGraph Graph(params (int Parent, int Child, string Name)[] edges)
    {
        var graph = new TrackableObjectGraph();
        var count = edges.Max(e => Math.Max(e.Parent, e.Child)) + 1;
        for (var i = 0; i < count; i++)
        {
            graph.Nodes.Add(new TrackableObject());
        }
        foreach (var (parent, child, name) in edges)
        {
            graph.Nodes[parent].Children.Add(new TrackableObject.Types.ObjectReference { NodeId = child, LocalName = name });
        }
        return graph;
    }
}
