using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// Structure-aware edits of a GraphDef that keep it parseable but make it wrong the ways real
/// graphs go wrong: cycles, self loops, dangling or extra inputs, dropped or duplicated nodes,
/// swapped ops, wrong dtypes, and shapes or integer attributes that are huge, negative or zero.
/// Each edit returns a short description for the failure report.
/// </summary>
internal static class GraphEdits
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

    private static readonly Func<GraphDef, Random, string?>[] All =
    [
        Cycle, SelfLoop, DanglingInput, DropInput, ExtraInput, DropNode, DuplicateNode, SwapOp, ChangeDType, AbsurdShapeAttr,
        AbsurdConstShape, AbsurdIntAttr, AbsurdOutputIndex, ControlInput, DropAttr,
    ];

    /// <summary>Applies one random edit; null when the graph had nothing the chosen edit applies to.</summary>
    public static string? Apply(GraphDef graph, Random random) =>
        graph.Node.Count == 0 ? null : All[random.Next(All.Length)](graph, random);

    private static NodeDef AnyNode(GraphDef graph, Random random) => graph.Node[random.Next(graph.Node.Count)];

    private static NodeDef? AnyNodeWithInputs(GraphDef graph, Random random)
    {
        var candidates = graph.Node.Where(n => n.Input.Count > 0).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }

    /// <summary>Rewires an input of a node to one of its consumers (direct or not), closing a loop.</summary>
    private static string? Cycle(GraphDef graph, Random random)
    {
        if (AnyNodeWithInputs(graph, random) is not { } node)
        {
            return null;
        }
        var consumers = Consumers(graph, node.Name);
        if (consumers.Count == 0)
        {
            return null;
        }
        var consumer = consumers[random.Next(consumers.Count)];
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = consumer;
        return $"cycle: input {slot} of '{node.Name}' ← '{consumer}'";
    }

    private static List<string> Consumers(GraphDef graph, string name)
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

    private static string? SelfLoop(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
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

    private static string? DanglingInput(GraphDef graph, Random random)
    {
        if (AnyNodeWithInputs(graph, random) is not { } node)
        {
            return null;
        }
        node.Input[random.Next(node.Input.Count)] = "nowhere_" + random.Next(100);
        return $"dangling input on '{node.Name}'";
    }

    private static string? DropInput(GraphDef graph, Random random)
    {
        if (AnyNodeWithInputs(graph, random) is not { } node)
        {
            return null;
        }
        node.Input.RemoveAt(random.Next(node.Input.Count));
        return $"'{node.Name}' ({node.Op}) loses an input";
    }

    private static string? ExtraInput(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        var extra = AnyNode(graph, random).Name;
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            node.Input.Add(extra);
        }
        return $"'{node.Name}' ({node.Op}) gets extra inputs from '{extra}'";
    }

    private static string? DropNode(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        graph.Node.Remove(node);
        return $"node '{node.Name}' ({node.Op}) dropped";
    }

    private static string? DuplicateNode(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        var copy = node.Clone();
        copy.Op = Ops[random.Next(Ops.Length)];
        graph.Node.Insert(random.Next(graph.Node.Count + 1), copy);
        return $"second node named '{node.Name}' with op {copy.Op}";
    }

    private static string? SwapOp(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        var was = node.Op;
        node.Op = Ops[random.Next(Ops.Length)];
        return $"'{node.Name}': op {was} → {node.Op}";
    }

    private static string? ChangeDType(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        var key = node.Attr.Keys.FirstOrDefault(k => node.Attr[k].ValueCase == AttrValue.ValueOneofCase.Type) ?? "T";
        var type = (DataType)random.Next(0, 30);
        node.Attr[key] = new AttrValue { Type = type };
        if (node.Op == "Const" && node.Attr.TryGetValue("value", out var value) && value.Tensor is { } tensor)
        {
            tensor.Dtype = type;
        }
        return $"'{node.Name}': {key} = {type}";
    }

    private static TensorShapeProto AbsurdShape(Random random)
    {
        var shape = new TensorShapeProto();
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = Absurd[random.Next(Absurd.Length)] });
        }
        return shape;
    }

    /// <summary>A Placeholder's or any node's shape attribute (shape, output shapes) made absurd.</summary>
    private static string? AbsurdShapeAttr(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        var shape = AbsurdShape(random);
        node.Attr["shape"] = new AttrValue { Shape = shape };
        return $"'{node.Name}': shape = [{string.Join(", ", shape.Dim.Select(d => d.Size))}]";
    }

    /// <summary>A Const whose declared shape no longer matches its content (huge, negative, zero).</summary>
    private static string? AbsurdConstShape(GraphDef graph, Random random)
    {
        var consts = graph.Node.Where(n => n.Attr.TryGetValue("value", out var v) && v.Tensor is not null).ToList();
        if (consts.Count == 0)
        {
            return null;
        }
        var node = consts[random.Next(consts.Count)];
        var tensor = node.Attr["value"].Tensor;
        tensor.TensorShape = AbsurdShape(random);
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
    private static string? AbsurdIntAttr(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
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

    private static string? AbsurdOutputIndex(GraphDef graph, Random random)
    {
        if (AnyNodeWithInputs(graph, random) is not { } node)
        {
            return null;
        }
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = $"{NodeOf(node.Input[slot])}:{Absurd[random.Next(Absurd.Length)]}";
        return $"'{node.Name}' reads {node.Input[slot]}";
    }

    private static string? ControlInput(GraphDef graph, Random random)
    {
        if (AnyNodeWithInputs(graph, random) is not { } node)
        {
            return null;
        }
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = "^" + NodeOf(node.Input[slot]);
        return $"'{node.Name}': data input {slot} became a control input";
    }

    private static string? DropAttr(GraphDef graph, Random random)
    {
        var node = AnyNode(graph, random);
        if (node.Attr.Count == 0)
        {
            return null;
        }
        var key = node.Attr.Keys.ElementAt(random.Next(node.Attr.Count));
        node.Attr.Remove(key);
        return $"'{node.Name}' loses attribute {key}";
    }

    private static string NodeOf(string input)
    {
        var name = input.TrimStart('^');
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name.Substring(0, colon);
    }
}
