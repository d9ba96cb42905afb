using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// Structure-aware edits of a GraphDef that keep it parseable but make it wrong the ways real
/// graphs go wrong: cycles, self loops, dangling or extra inputs, dropped or duplicated nodes,
/// swapped ops, wrong dtypes, and shapes or integer attributes that are huge, negative or zero.
/// Each edit returns a short description for the failure report. Most land on the nodes the
/// outputs need (<paramref name="focus"/>): edits of pruned nodes (savers, initializers) test little.
/// </summary>
internal sealed class GraphEdits(GraphDef graph, Random random, IReadOnlySet<string> focus)
{
    /// <summary>Values a dimension, size or index should never have (and a few it may, to mix).</summary>
    private static readonly long[] Absurd = [-1, -2, -7, 0, 1, 3, 1 << 14, 1 << 20, 1 << 24, 1 << 28, 1L << 31, 1L << 40, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue];

    /// <summary>Ops of the compiler's table and a few it lacks, so a swap usually lands on a compiled op with the wrong inputs.</summary>
    private static readonly string[] Ops =
    [
        "Identity", "MatMul", "BatchMatMulV2", "BiasAdd", "AddV2", "AddN", "Mul", "RealDiv", "Relu", "Softmax", "Reshape", "Squeeze",
        "ExpandDims", "Shape", "Fill", "Pack", "Unpack", "ConcatV2", "Split", "SplitV", "Slice", "StridedSlice", "Transpose", "Tile",
        "Pad", "Cast", "Mean", "Sum", "ArgMax", "Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool", "FusedBatchNormV3",
        "Placeholder", "PlaceholderWithDefault", "Const", "VariableV2", "ReadVariableOp", "NoOp", "RandomUniform", "Erfinv", "",
    ];

    private Func<string?>[] All =>
    [
        Cycle, SelfLoop, DanglingInput, DropInput, ExtraInput, DropNode, DuplicateNode, SwapOp, ChangeDType, AbsurdShapeAttr,
        AbsurdConstShape, AbsurdIntAttr, AbsurdOutputIndex, ControlInput, DropAttr,
    ];

    /// <summary>Applies one random edit; null when the graph had nothing the chosen edit applies to.</summary>
    public string? Apply() =>
        graph.Node.Count == 0 ? null : All[random.Next(All.Length)]();

    private NodeDef AnyNode() => Pick(graph.Node.ToList())!;

    private NodeDef? AnyNodeWithInputs() => Pick(graph.Node.Where(n => n.Input.Count > 0).ToList());

    private NodeDef? Pick(List<NodeDef> candidates)
    {
        var focused = candidates.Where(n => focus.Contains(n.Name)).ToList();
        var from = focused.Count > 0 && random.Next(4) != 0 ? focused : candidates;
        return from.Count == 0 ? null : from[random.Next(from.Count)];
    }

    /// <summary>Rewires an input of a node to one of its consumers (direct or not), closing a loop.</summary>
    private string? Cycle()
    {
        if (AnyNodeWithInputs() is not { } node)
        {
            return null;
        }
        var consumers = Consumers(node.Name);
        if (consumers.Count == 0)
        {
            return null;
        }
        var consumer = consumers[random.Next(consumers.Count)];
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = consumer;
        return $"cycle: input {slot} of '{node.Name}' ← '{consumer}'";
    }

    private List<string> Consumers(string name)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Queue<string>([name]);
        while (frontier.Count > 0 && found.Count < 64)
        {
            var current = frontier.Dequeue();
            foreach (var n in graph.Node.Where(n => n.Input.Any(i => NodeOf(i) == current) && found.Add(n.Name)))
            {
                frontier.Enqueue(n.Name);
            }
        }
        return found.ToList();
    }

    private string? SelfLoop()
    {
        var node = AnyNode();
        if (node.Input.Count == 0)
        {
            node.Input.Add(node.Name);
        }
        else
        {
            node.Input[random.Next(node.Input.Count)] = node.Name;
        }
        return $"self loop on '{node.Name}'";
    }

    private string? DanglingInput()
    {
        if (AnyNodeWithInputs() is not { } node)
        {
            return null;
        }
        node.Input[random.Next(node.Input.Count)] = "nowhere_" + random.Next(100);
        return $"dangling input on '{node.Name}'";
    }

    private string? DropInput()
    {
        if (AnyNodeWithInputs() is not { } node)
        {
            return null;
        }
        node.Input.RemoveAt(random.Next(node.Input.Count));
        return $"'{node.Name}' ({node.Op}) loses an input";
    }

    private string? ExtraInput()
    {
        var node = AnyNode();
        var extra = AnyNode().Name;
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            node.Input.Add(extra);
        }
        return $"'{node.Name}' ({node.Op}) gets extra inputs from '{extra}'";
    }

    private string? DropNode()
    {
        var node = AnyNode();
        graph.Node.Remove(node);
        return $"node '{node.Name}' ({node.Op}) dropped";
    }

    private string? DuplicateNode()
    {
        var node = AnyNode();
        var copy = node.Clone();
        copy.Op = Ops[random.Next(Ops.Length)];
        graph.Node.Insert(random.Next(graph.Node.Count + 1), copy);
        return $"second node named '{node.Name}' with op {copy.Op}";
    }

    private string? SwapOp()
    {
        var node = AnyNode();
        var was = node.Op;
        node.Op = Ops[random.Next(Ops.Length)];
        return $"'{node.Name}': op {was} → {node.Op}";
    }

    private string? ChangeDType()
    {
        var node = AnyNode();
        var key = node.Attr.Keys.FirstOrDefault(k => node.Attr[k].ValueCase == AttrValue.ValueOneofCase.Type) ?? "T";
        var type = (DataType)random.Next(0, 30);
        node.Attr[key] = new AttrValue { Type = type };
        if (node.Op == "Const" && node.Attr.TryGetValue("value", out var value) && value.Tensor is { } tensor)
        {
            tensor.Dtype = type;
        }
        return $"'{node.Name}': {key} = {type}";
    }

    private TensorShapeProto AbsurdShape()
    {
        var shape = new TensorShapeProto();
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = Absurd[random.Next(Absurd.Length)] });
        }
        return shape;
    }

    /// <summary>A Placeholder's or any node's shape attribute (shape, output shapes) made absurd.</summary>
    private string? AbsurdShapeAttr()
    {
        var node = AnyNode();
        var shape = AbsurdShape();
        node.Attr["shape"] = new AttrValue { Shape = shape };
        return $"'{node.Name}': shape = [{string.Join(", ", shape.Dim.Select(d => d.Size))}]";
    }

    /// <summary>A Const whose declared shape no longer matches its content (huge, negative, zero).</summary>
    private string? AbsurdConstShape()
    {
        if (Pick(graph.Node.Where(n => n.Attr.TryGetValue("value", out var v) && v.Tensor is not null).ToList()) is not { } node)
        {
            return null;
        }
        var tensor = node.Attr["value"].Tensor;
        tensor.TensorShape = AbsurdShape();
        switch (random.Next(3))
        {
            case 0:
                tensor.TensorContent = ByteString.CopyFrom(new byte[random.Next(0, 9)]);
                break;
            case 1:
                // A splat: one stored value stands for every element, however many the shape says.
                tensor.TensorContent = ByteString.Empty;
                tensor.FloatVal.Clear();
                tensor.FloatVal.Add(1f);
                tensor.IntVal.Clear();
                tensor.IntVal.Add(1);
                break;
        }
        return $"Const '{node.Name}': shape [{string.Join(", ", tensor.TensorShape.Dim.Select(d => d.Size))}], {tensor.TensorContent.Length} content bytes";
    }

    /// <summary>An integer or integer-list attribute (strides, ksize, axis, perm, num_split…) set to absurd values.</summary>
    private string? AbsurdIntAttr()
    {
        var node = AnyNode();
        var names = node.Attr.Keys.Where(k => node.Attr[k].ValueCase is AttrValue.ValueOneofCase.I or AttrValue.ValueOneofCase.List).ToList();
        var name = names.Count > 0 ? names[random.Next(names.Count)] : new[] { "strides", "ksize", "axis", "N", "num_split", "dilations", "perm" }[random.Next(7)];
        if (random.Next(2) == 0)
        {
            node.Attr[name] = new AttrValue { I = Absurd[random.Next(Absurd.Length)] };
        }
        else
        {
            var list = new AttrValue.Types.ListValue();
            for (var i = random.Next(0, 6); i > 0; i--)
            {
                list.I.Add(Absurd[random.Next(Absurd.Length)]);
            }
            node.Attr[name] = new AttrValue { List = list };
        }
        return $"'{node.Name}': {name} = {node.Attr[name]}";
    }

    private string? AbsurdOutputIndex()
    {
        if (AnyNodeWithInputs() is not { } node)
        {
            return null;
        }
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = $"{NodeOf(node.Input[slot])}:{Absurd[random.Next(Absurd.Length)]}";
        return $"'{node.Name}' reads {node.Input[slot]}";
    }

    private string? ControlInput()
    {
        if (AnyNodeWithInputs() is not { } node)
        {
            return null;
        }
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = "^" + NodeOf(node.Input[slot]);
        return $"'{node.Name}': data input {slot} became a control input";
    }

    private string? DropAttr()
    {
        var node = AnyNode();
        if (node.Attr.Count == 0)
        {
            return null;
        }
        var key = node.Attr.Keys.ElementAt(random.Next(node.Attr.Count));
        node.Attr.Remove(key);
        return $"'{node.Name}' loses attribute {key}";
    }

    /// <summary>The nodes <paramref name="fetches"/> (tensor names) need, through data and control inputs.</summary>
    public static IReadOnlySet<string> Needed(GraphDef graph, IEnumerable<string> fetches)
    {
        var inputs = graph.Node.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Input, StringComparer.Ordinal);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(fetches.Select(NodeOf));
        while (pending.TryPop(out var name))
        {
            if (needed.Add(name) && inputs.TryGetValue(name, out var list))
            {
                foreach (var input in list)
                {
                    pending.Push(NodeOf(input));
                }
            }
        }
        return needed;
    }

    private static string NodeOf(string input)
    {
        var name = input.TrimStart('^');
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name.Substring(0, colon);
    }
}
