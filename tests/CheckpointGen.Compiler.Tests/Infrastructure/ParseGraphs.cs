using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>Synthetic tf.Example parsing graphs: a string Placeholder <c>examples</c> [?] parsed by ParseExample (v1) or ParseExampleV2, each dense output read.</summary>
internal static class ParseGraphs
{
    /// <summary>A graph parsing <paramref name="features"/> with <paramref name="op"/>; output j is <c>parse:j</c> (no sparse features).</summary>
    public static GraphDef Build(string op, IReadOnlyList<OracleFeature> features)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 1087 } }
            .Placeholder("examples", DataType.DtString, -1)
            .StringConst("names", [], 0);
        var types = new AttrValue { List = new AttrValue.Types.ListValue() };
        var shapes = new AttrValue { List = new AttrValue.Types.ListValue() };
        var defaults = new List<string>();
        for (var j = 0; j < features.Count; j++)
        {
            var f = features[j];
            var type = f.DType == "int64" ? DataType.DtInt64 : DataType.DtFloat;
            types.List.Type.Add(type);
            var shape = new TensorShapeProto();
            foreach (var d in f.Shape) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
            shapes.List.Shape.Add(shape);
            graph.NumberConst($"default_{j}", type, f.Default ?? [], f.Default is null ? [0] : f.Shape.Select(d => (long)d).ToArray());
            defaults.Add($"default_{j}");
        }
        var attributes = new List<(string, AttrValue)> { ("Tdense", types), ("dense_shapes", shapes), ("sparse_types", new AttrValue { List = new AttrValue.Types.ListValue() }) };
        if (op == "ParseExample")
        {
            for (var j = 0; j < features.Count; j++) graph.StringConst($"key_{j}", [features[j].Key]);
            attributes.Add(("Nsparse", new AttrValue { I = 0 }));
            attributes.Add(("Ndense", new AttrValue { I = features.Count }));
            return graph.Node("parse", op, ["examples", "names", .. features.Select((_, j) => $"key_{j}"), .. defaults], [.. attributes]);
        }
        graph.StringConst("sparse_keys", [], 0).StringConst("dense_keys", features.Select(f => f.Key).ToArray(), features.Count).StringConst("ragged_keys", [], 0);
        attributes.Add(("num_sparse", new AttrValue { I = 0 }));
        attributes.Add(("ragged_value_types", new AttrValue { List = new AttrValue.Types.ListValue() }));
        attributes.Add(("ragged_split_types", new AttrValue { List = new AttrValue.Types.ListValue() }));
        return graph.Node("parse", op, ["examples", "names", "sparse_keys", "dense_keys", "ragged_keys", .. defaults], [.. attributes]);
    }

    /// <summary>Writes <paramref name="graph"/> to a fresh folder as a frozen .pb and returns the path.</summary>
    public static string Save(GraphDef graph)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-parse-").FullName, "parse.pb");
        File.WriteAllBytes(path, graph.ToByteArray());
        return path;
    }

    public static GraphDef StringConst(this GraphDef graph, string name, string[] values, params long[] shape)
    {
        var tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = Shape(shape) };
        tensor.StringVal.AddRange(values.Select(ByteString.CopyFromUtf8));
        return graph.Node(name, "Const", [], ("dtype", new AttrValue { Type = DataType.DtString }), ("value", new AttrValue { Tensor = tensor }));
    }

    public static GraphDef NumberConst(this GraphDef graph, string name, DataType type, double[] values, long[] shape)
    {
        var tensor = new TensorProto { Dtype = type, TensorShape = Shape(shape) };
        if (type == DataType.DtInt64) tensor.Int64Val.AddRange(values.Select(v => (long)v));
        else tensor.FloatVal.AddRange(values.Select(v => (float)v));
        return graph.Node(name, "Const", [], ("dtype", new AttrValue { Type = type }), ("value", new AttrValue { Tensor = tensor }));
    }

    private static TensorShapeProto Shape(long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        return shape;
    }
}
