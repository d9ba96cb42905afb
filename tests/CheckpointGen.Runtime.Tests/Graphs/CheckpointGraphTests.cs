using CheckpointGen.Protos;
using CheckpointGen.Runtime.Graphs;
using CheckpointGen.Runtime.TextFormat;
using CheckpointGen.Runtime.Tests.Writing;
using CheckpointGen.Tests;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.Graphs;

public sealed class CheckpointGraphTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_tf1_meta_graph_gives_its_collections_variable_ops_and_saver()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-10000.meta"));

        Assert.Equal(CheckpointGraphKind.MetaGraph, graph.Kind);
        Assert.Equal("2.1.0", graph.TensorFlowVersion);
        Assert.Equal(CheckpointFormat.V2, graph.SaverFormat);
        Assert.Empty(graph.Tags);
        Assert.Empty(graph.Signatures);
        Assert.Empty(graph.SavedObjectVariables);
        Assert.Contains(new GraphVariable("dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/kernel", Trainable: true, IsResource: true), graph.Variables);
        Assert.Contains(new GraphVariable("global_step", "global_step", Trainable: false, IsResource: true), graph.Variables);
        Assert.Equal(20, graph.Variables.Count(v => v.Trainable));
        Assert.Equal(graph.Variables.Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal), graph.VariableOps.Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains(new GraphVariableOp("global_step", "VarHandleOp", TensorDataType.Int64, GraphShapeOf()), graph.VariableOps);
        Assert.Contains(new GraphVariableOp("dnn/hiddenlayer_0/kernel", "VarHandleOp", TensorDataType.Float, GraphShapeOf(3, 100)), graph.VariableOps);
    }

    [Fact]
    public void Reference_variables_of_an_old_meta_graph_are_read_with_their_element_type()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("tf2onnx-regression/checkpoint/model.meta"));

        Assert.Equal("1.11.0", graph.TensorFlowVersion);
        Assert.Equal(
            new[] { new GraphVariable("W", "W", true, false), new GraphVariable("b", "b", true, false) },
            graph.Variables);
        Assert.Equal(
            new[] { new GraphVariableOp("W", "VariableV2", TensorDataType.Float, GraphShapeOf()), new GraphVariableOp("b", "VariableV2", TensorDataType.Float, GraphShapeOf()) },
            graph.VariableOps);
    }

    [Fact]
    public void A_tf1_saved_model_gives_its_signatures()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123"));

        Assert.Equal(CheckpointGraphKind.SavedModel, graph.Kind);
        Assert.EndsWith("saved_model.pb", graph.Path, StringComparison.Ordinal);
        Assert.Equal(new[] { "serve" }, graph.Tags);
        Assert.Equal("1.14.0", graph.TensorFlowVersion);
        Assert.Equal(
            new[] { "classify_x_to_y", "regress_x2_to_y3", "regress_x_to_y", "regress_x_to_y2", "serving_default" },
            graph.Signatures.Select(s => s.Key));
        var classify = graph.Signatures[0];
        Assert.Equal("tensorflow/serving/classify", classify.MethodName);
        Assert.Equal(new GraphSignatureTensor("inputs", "tf_example:0", TensorDataType.String, GraphShape.UnknownRank), Assert.Single(classify.Inputs));
        Assert.Equal(new GraphSignatureTensor("scores", "y:0", TensorDataType.Float, GraphShapeOf(-1, 1)), Assert.Single(classify.Outputs));
        Assert.Equal("[?, 1]", classify.Outputs[0].Shape.ToString());
        Assert.False(classify.Outputs[0].Shape.IsFullyDefined);
        Assert.Equal(new[] { "a", "b", "c", "a2", "c2" }, graph.Variables.Select(v => v.Name));
        Assert.All(graph.Variables, v => Assert.True(v.Trainable));
    }

    [Fact]
    public void A_tf2_saved_model_maps_object_paths_to_variable_names()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("serving-saved_model_half_plus_two_tf2_cpu/00000123/saved_model.pb"));

        Assert.Equal("2.14.0", graph.TensorFlowVersion);
        Assert.Empty(graph.Variables);
        Assert.Equal(
            new[] { "a", "b", "c" }.Select(n => new SavedObjectVariable(n, n, true, TensorDataType.Float, GraphShapeOf())),
            graph.SavedObjectVariables);
    }

    [Fact]
    public void A_keras_saved_model_names_layer_and_optimizer_slot_variables()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("tfx-keras-savedmodel"));
        var byPath = graph.SavedObjectVariables.ToDictionary(v => v.ObjectPath);

        Assert.Equal("2.3.1", graph.TensorFlowVersion);
        Assert.Equal(new SavedObjectVariable("layer_with_weights-0/kernel", "dense/kernel", true, TensorDataType.Float, GraphShapeOf(4, 8)), byPath["layer_with_weights-0/kernel"]);
        Assert.Equal(new SavedObjectVariable("optimizer/iter", "Adam/iter", false, TensorDataType.Int64, GraphShapeOf()), byPath["optimizer/iter"]);
        Assert.Equal("Adam/dense/kernel/m", byPath["layer_with_weights-0/kernel/.OPTIMIZER_SLOT/optimizer/m"].Name);
        Assert.Equal("Adam/dense_2/bias/v", byPath["layer_with_weights-2/bias/.OPTIMIZER_SLOT/optimizer/v"].Name);
        Assert.Equal("total", byPath["keras_api/metrics/0/total"].Name);
        Assert.Contains(graph.Signatures, s => s.Key == "serving_default");
    }

    [Fact]
    public void Keras_3_style_list_tracking_gives_numbered_paths()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("tfnet-keras-lstm_from_sequential/saved_model.pb"));
        var byPath = graph.SavedObjectVariables.ToDictionary(v => v.ObjectPath);

        Assert.Equal(new SavedObjectVariable("variables/0", "lstm/lstm_cell/kernel", true, TensorDataType.Float, GraphShapeOf(3, 128)), byPath["variables/0"]);
        Assert.Equal("dense/kernel", byPath["layer_with_weights-1/kernel"].Name);
        Assert.Equal("Adam/m/lstm/lstm_cell/kernel", byPath["optimizer/_variables/1"].Name);
        Assert.False(byPath["optimizer/_variables/1"].Trainable);
    }

    [Fact]
    public void An_estimator_graph_pbtxt_is_a_bare_graph_with_the_meta_graphs_variables()
    {
        var text = CheckpointGraph.Load(FixturePaths.Get("tfx-taxi-estimator-5steps/graph.pbtxt"));
        var meta = CheckpointGraph.Load(FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-10000.meta"));

        Assert.Equal(CheckpointGraphKind.GraphDef, text.Kind);
        Assert.Empty(text.Variables);
        Assert.Null(text.SaverFormat);
        Assert.Equal(meta.VariableOps, text.VariableOps);
    }

    [Fact]
    public void A_binary_graph_def_is_read_as_a_bare_graph()
    {
        var graph = CheckpointGraph.Load(FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb"));

        Assert.Equal(CheckpointGraphKind.GraphDef, graph.Kind);
        Assert.Empty(graph.VariableOps);
        Assert.Contains(graph.MetaGraph.GraphDef.Node, n => n.Op == "Const");
    }

    [Fact]
    public void A_text_saved_model_uses_the_meta_graph_tagged_serve()
    {
        var path = Path.Combine(_temp.Path, "saved_model.pbtxt");
        File.WriteAllText(path, """
            saved_model_schema_version: 1
            meta_graphs { meta_info_def { tags: "train" tensorflow_version: "0.0" } }
            meta_graphs {
              meta_info_def { tags: "serve" tags: "gpu" tensorflow_version: "2.5.0" any_info { [type.googleapis.com/x.Y] { z: 1 } } }
              graph_def { node { name: "w" op: "VarHandleOp" attr { key: "dtype" value { type: DT_HALF } } attr { key: "shape" value { shape { dim { size: 2 } } } } } library { } }
              signature_def {
                key: "serving_default"
                value {
                  method_name: "tensorflow/serving/predict"
                  outputs { key: "y" value { name: "y:0" dtype: DT_FLOAT tensor_shape { dim { size: -1 } } } }
                  inputs { key: "x" value { coo_sparse { values_tensor_name: "x/values:0" } dtype: DT_INT64 } }
                }
              }
              object_graph_def { nodes { children { node_id: 1 local_name: "w.1/x" } } nodes { variable { dtype: DT_HALF name: "w:0" trainable: true } } }
            }
            """);

        var graph = CheckpointGraph.Load(_temp.Path);

        Assert.Equal(CheckpointGraphKind.SavedModel, graph.Kind);
        Assert.Equal(new[] { "serve", "gpu" }, graph.Tags);
        Assert.Equal("2.5.0", graph.TensorFlowVersion);
        Assert.Equal(new GraphVariableOp("w", "VarHandleOp", TensorDataType.Half, GraphShapeOf(2)), Assert.Single(graph.VariableOps));
        var signature = Assert.Single(graph.Signatures);
        Assert.Equal(new GraphSignatureTensor("x", "x/values:0", TensorDataType.Int64, GraphShape.UnknownRank), Assert.Single(signature.Inputs));
        Assert.Equal(new GraphSignatureTensor("y", "y:0", TensorDataType.Float, GraphShapeOf(-1)), Assert.Single(signature.Outputs));
        Assert.Equal(new SavedObjectVariable("w..1.Sx", "w", true, TensorDataType.Half, GraphShape.UnknownRank), Assert.Single(graph.SavedObjectVariables));
    }

    [Fact]
    public void A_text_meta_graph_with_a_partitioned_variable_reports_the_whole_variables_name()
    {
        var parts = new[] { "emb/part_0", "emb/part_1" }.Select(n => new VariableDef
        {
            VariableName = n + ":0",
            SaveSliceInfoDef = new SaveSliceInfoDef { FullName = "emb", FullShape = { 10, 4 } },
        }).ToArray();
        var list = string.Join(" ", parts.Select(p => "value: \"" + TextEscapes.Escape(p.ToByteArray()) + "\""));
        var path = Path.Combine(_temp.Path, "model.pbtxt");
        File.WriteAllText(path, $$"""
            meta_info_def { tags: "x" }
            collection_def { key: "variables" value { bytes_list { {{list}} } } }
            collection_def { key: "trainable_variables" value { bytes_list { {{list}} } } }
            collection_def { key: "other" value { node_list { value: "n" } } }
            saver_def { version: V1 }
            """);

        var graph = CheckpointGraph.Load(path);

        Assert.Equal(CheckpointGraphKind.MetaGraph, graph.Kind);
        Assert.Equal(CheckpointFormat.V1, graph.SaverFormat);
        Assert.Equal(new[] { new GraphVariable("emb/part_0", "emb", true, false), new GraphVariable("emb/part_1", "emb", true, false) }, graph.Variables);
    }

    [Fact]
    public void The_corrupt_t5x_meta_graph_fails_with_the_likely_cause()
    {
        var path = FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0.meta");

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointGraph.Load(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("not a valid binary MetaGraphDef", error.Message, StringComparison.Ordinal);
        Assert.Contains("converted as text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_graphs_are_not_found()
    {
        Assert.Throws<CheckpointNotFoundException>(() => CheckpointGraph.Load(Path.Combine(_temp.Path, "nothing.meta")));
        Assert.Throws<CheckpointNotFoundException>(() => CheckpointGraph.Load(_temp.Path));
    }

    [Fact]
    public void A_saved_model_without_meta_graphs_is_refused()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "saved_model.pbtxt"), "saved_model_schema_version: 1");

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointGraph.Load(_temp.Path));

        Assert.Contains("no meta graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_variable_def_in_a_collection_is_a_format_error()
    {
        var path = Path.Combine(_temp.Path, "bad.pbtxt");
        File.WriteAllText(path, "collection_def { key: 'variables' value { bytes_list { value: '\\x0a\\x05ab' } } }");

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointGraph.Load(path));

        Assert.Contains("collection 'variables' is not a valid VariableDef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_meta_graphs_fail_only_with_format_errors()
    {
        var original = File.ReadAllBytes(FixturePaths.Get("tf2onnx-regression/checkpoint/model.meta"));
        var random = new Random(1234);
        var path = Path.Combine(_temp.Path, "damaged.meta");
        for (var round = 0; round < 300; round++)
        {
            var bytes = original.AsSpan(0, random.Next(original.Length)).ToArray();
            for (var flips = random.Next(4); flips > 0 && bytes.Length > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            File.WriteAllBytes(path, bytes);
            try
            {
                CheckpointGraph.Load(path);
            }
            catch (CheckpointFormatException)
            {
            }
        }
        Assert.Equal(CheckpointGraphKind.MetaGraph, CheckpointGraph.Load(FixturePaths.Get("tf2onnx-regression/checkpoint/model.meta")).Kind);
    }

    [Fact]
    public void Graph_shapes_compare_by_value()
    {
        Assert.Equal(GraphShapeOf(-1, 3), GraphShapeOf(-1, 3));
        Assert.Equal(GraphShapeOf(-1, 3).GetHashCode(), GraphShapeOf(-1, 3).GetHashCode());
        Assert.NotEqual(GraphShapeOf(-1, 3), GraphShapeOf(3, -1));
        Assert.NotEqual(GraphShapeOf(), GraphShape.UnknownRank);
        Assert.Equal(-1, GraphShape.UnknownRank.Rank);
        Assert.Equal("<unknown>", GraphShape.UnknownRank.ToString());
        Assert.Equal("[]", GraphShapeOf().ToString());
        Assert.True(GraphShapeOf(2, 3).IsFullyDefined);
    }

    private static GraphShape GraphShapeOf(params long[] dims)
    {
        var proto = new TensorShapeProto();
        proto.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return GraphShape.From(proto);
    }
}
