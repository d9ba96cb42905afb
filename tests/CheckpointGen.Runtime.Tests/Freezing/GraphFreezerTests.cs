using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Freezing;
using CheckpointGen.Tests;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.Freezing;

/// <summary>Freezing against TensorFlow's own frozen graph of the same model.</summary>
public sealed class GraphFreezerTests
{
    private static readonly string CheckpointPrefix = FixturePaths.Get("tf2onnx-regression/checkpoint/model");

    [Fact]
    public void Freezing_the_regression_checkpoint_matches_tensorflows_frozen_graph()
    {
        var expected = GraphDef.Parser.ParseFrom(File.ReadAllBytes(FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb")));

        var frozen = Freeze(new[] { "pred" }, out var variables);

        Assert.Equal(expected.Node.Select(n => n.Name).Order(StringComparer.Ordinal), frozen.Node.Select(n => n.Name).Order(StringComparer.Ordinal));
        foreach (var want in expected.Node)
        {
            var got = frozen.Node.Single(n => n.Name == want.Name);
            Assert.Equal(want.Op, got.Op);
            Assert.Equal(want.Input, got.Input);
            if (want.Op == "Const")
            {
                Assert.Equal(want.Attr["dtype"], got.Attr["dtype"]);
                Assert.Equal(want.Attr["value"].Tensor, got.Attr["value"].Tensor);
            }
        }
        Assert.Equal(new[] { ("W", "W"), ("b", "b") }, variables.OrderBy(v => v.Node, StringComparer.Ordinal));
    }

    [Fact]
    public void Nodes_keep_their_original_order_and_training_nodes_are_dropped()
    {
        var frozen = Freeze(new[] { "pred:0" }, out _);

        Assert.Equal(new[] { "X", "W", "W/read", "b", "b/read", "Mul", "Add", "pred" }, frozen.Node.Select(n => n.Name));
        Assert.DoesNotContain(frozen.Node, n => n.Op is "VariableV2" or "Assign" or "SaveV2");
    }

    [Fact]
    public void An_unknown_output_is_a_clear_error_with_a_suggestion()
    {
        var error = Assert.Throws<FreezeException>(() => Freeze(new[] { "pred2" }, out _));

        Assert.Equal("pred2", error.TensorName);
        Assert.Contains("did you mean 'pred'", error.Message);
    }

    [Fact]
    public void Resource_variables_become_consts_and_their_reads_identities()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("v", "VarHandleOp", attrs: ("dtype", new AttrValue { Type = DataType.DtFloat })));
        graph.Node.Add(Node("v/id", "Identity", new[] { "v" }, ("T", new AttrValue { Type = DataType.DtResource })));
        graph.Node.Add(Node("v/read", "ReadVariableOp", new[] { "v/id" }, ("dtype", new AttrValue { Type = DataType.DtFloat })));
        graph.Node.Add(Node("out", "Identity", new[] { "v/read" }, ("T", new AttrValue { Type = DataType.DtFloat })));
        var value = TensorProtoCodec.FromBytes(TensorDataType.Float, TensorShape.Create(2), new byte[8]);

        var frozen = GraphFreezer.Freeze(graph, new[] { "out" }, (_, _) => value, "test", out var variables);

        Assert.Equal("Const", frozen.Node[0].Op);
        Assert.Equal(value, frozen.Node[0].Attr["value"].Tensor);
        Assert.Equal(DataType.DtFloat, frozen.Node[1].Attr["T"].Type);
        Assert.Equal("Identity", frozen.Node[2].Op);
        Assert.Equal(DataType.DtFloat, frozen.Node[2].Attr["T"].Type);
        Assert.False(frozen.Node[2].Attr.ContainsKey("dtype"));
        Assert.Equal(new[] { ("v", "v") }, variables);
    }

    [Fact]
    public void A_dangling_input_is_reported_not_followed()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("out", "Identity", new[] { "missing:0" }));

        var error = Assert.Throws<FreezeException>(() => GraphFreezer.Freeze(graph, new[] { "out" }, (_, _) => new TensorProto(), "g.pb", out _));

        Assert.Contains("'missing:0'", error.Message);
        Assert.Equal("g.pb", error.FilePath);
    }

    [Fact]
    public void Cycles_terminate()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("a", "Merge", new[] { "b" }));
        graph.Node.Add(Node("b", "NextIteration", new[] { "a" }));

        var frozen = GraphFreezer.Freeze(graph, new[] { "a" }, (_, _) => new TensorProto(), "g.pb", out _);

        Assert.Equal(2, frozen.Node.Count);
    }

    private static GraphDef Freeze(string[] outputs, out IReadOnlyList<(string Node, string Key)> variables)
    {
        var meta = MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(CheckpointPrefix + ".meta"));
        using var checkpoint = Checkpoint.Open(CheckpointPrefix);
        return GraphFreezer.Freeze(meta.GraphDef, outputs, (_, key) =>
        {
            var v = checkpoint.GetVariable(key);
            return TensorProtoCodec.FromBytes(v.DataType, v.Shape, checkpoint.ReadBytes(key));
        }, CheckpointPrefix + ".meta", out variables);
    }

    private static NodeDef Node(string name, string op, string[]? inputs = null, params (string Key, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.Add(inputs ?? Array.Empty<string>());
        foreach (var (key, value) in attrs)
        {
            node.Attr[key] = value;
        }
        return node;
    }
}
