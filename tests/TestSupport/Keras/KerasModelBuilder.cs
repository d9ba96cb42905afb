using System.Text.Json.Nodes;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using Google.Protobuf;
using static CheckpointGen.Tests.Keras.FunctionBody;

namespace CheckpointGen.Tests.Keras;

/// <summary>
/// Writes a synthetic Keras SavedModel shaped as tf.keras 2 saves one, so both oracle routes and
/// the product read it: saved_model.pb whose serving signature calls
/// <c>__inference_signature_wrapper</c> → <c>__inference_{model}_layer_call_and_return_conditional_losses</c>
/// → one call function per layer, each reading its weights with ReadVariableOp on captured resource
/// handles (the object graph's <c>bound_inputs</c>); variables/ written with
/// <see cref="CheckpointWriter"/> under the object-path keys
/// <c>layer_with_weights-N/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>; keras_metadata.pb with the
/// Functional model's config. Layers are added in order; each reads the previous one unless told.
/// </summary>
internal sealed partial class KerasModelBuilder
{
    private const string ModelName = "model";

    private readonly List<KerasLayer> _layers = new();
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly Random _random;

    /// <param name="input">The input layer's name (the signature's input key).</param>
    /// <param name="shape">The input's shape without the batch.</param>
    /// <param name="seed">Seeds the weights.</param>
    public KerasModelBuilder(string input, long[] shape, int seed = 1)
    {
        _random = new Random(seed);
        Input = input;
        _layers.Add(new KerasLayer
        {
            Name = input, ClassName = "InputLayer", Inputs = [], OutputShape = shape, Body = (_, x, _) => x[0],
            Config = Config(("batch_input_shape", new JsonArray([null, .. shape.Select(d => (JsonNode)d)])), ("dtype", "float32"), ("sparse", false), ("ragged", false), ("name", input)),
        });
    }

    public string Input { get; }

    /// <summary>The input's shape without the batch.</summary>
    public long[] InputShape => _layers[0].OutputShape;

    /// <summary>The signature's output key: the last layer's name.</summary>
    public string Output => _layers[^1].Name;

    /// <summary>The output's shape without the batch.</summary>
    public long[] OutputShape => _layers[^1].OutputShape;

    /// <summary>The weights by checkpoint key.</summary>
    public IReadOnlyDictionary<string, KerasWeight> Variables => Keyed().ToDictionary(v => v.Key, v => v.Weight);

    /// <summary>Writes saved_model.pb, keras_metadata.pb and variables/ into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "variables"));
        var weighted = WeightedLayers();
        var variables = Keyed();
        using (var writer = new CheckpointWriter(Path.Combine(folder, "variables", "variables")))
        {
            foreach (var (_, weight, key) in variables)
            {
                writer.Add(key, TensorShape.Create(weight.Shape), TensorData.FromValues(weight.Values));
            }
            writer.Commit();
        }
        File.WriteAllBytes(Path.Combine(folder, "saved_model.pb"), SavedModel(variables.Select(v => (v.Layer, v.Weight)).ToList()).ToByteArray());
        File.WriteAllBytes(Path.Combine(folder, "keras_metadata.pb"), Metadata(weighted));
    }

    /// <summary>Every weight in the model's variable order with its checkpoint key: the layer's attribute, or for a weight of an object below the layer the model's list entry.</summary>
    private List<(KerasLayer Layer, KerasWeight Weight, string Key)> Keyed() =>
        WeightedLayers().SelectMany((l, i) => l.Weights.Select(w => (Layer: l, Weight: w, Index: i)))
            .Select((v, n) => (v.Layer, v.Weight, (v.Weight.Owner is null ? $"layer_with_weights-{v.Index}/{v.Weight.Name}" : $"variables/{n}") + "/.ATTRIBUTES/VARIABLE_VALUE"))
            .ToList();

    /// <summary>The variable's name (its handle's shared_name): the layer, the owning object's path, the attribute.</summary>
    private static string VariableName(KerasLayer layer, KerasWeight weight) => weight.Owner is null ? $"{layer.Name}/{weight.Name}" : $"{layer.Name}/{weight.Owner}/{weight.Name}";

    private List<KerasLayer> WeightedLayers() => _layers.Where(l => l.Weights.Count > 0).ToList();

    private long[] Shape(string? layer) => (layer is null ? _layers[^1] : _layers.Single(l => l.Name == layer)).OutputShape;

    private string Add(string className, string? from, long[] outputShape, JsonObject config, KerasWeight[] weights, Func<FunctionBody, string[], string[], string> body) =>
        Add(className, from is null ? [_layers[^1].Name] : [from], outputShape, config, weights, body);

    private string Add(string className, string[] from, long[] outputShape, JsonObject config, KerasWeight[] weights, Func<FunctionBody, string[], string[], string> body)
    {
        var name = NextName(className);
        config["name"] = name;
        config["trainable"] = true;
        config["dtype"] = "float32";
        _layers.Add(new KerasLayer { Name = name, ClassName = className, Inputs = from, OutputShape = outputShape, Config = config, Weights = weights, Body = body });
        return name;
    }

    /// <summary>The name Keras gives the next layer of a class: its snake_case name, then _1, _2….</summary>
    private string NextName(string className)
    {
        var snake = string.Concat(className.Select((ch, i) => char.IsUpper(ch) && i > 0 && !char.IsUpper(className[i - 1]) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
        var count = _names.GetValueOrDefault(snake);
        _names[snake] = count + 1;
        return count == 0 ? snake : $"{snake}_{count}";
    }

    private SavedModel SavedModel(List<(KerasLayer Layer, KerasWeight Weight)> variables)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 1645, MinConsumer = 12 }, Library = new FunctionDefLibrary() };
        var id = 100;
        var handles = variables.Select(v => VariableName(v.Layer, v.Weight)).ToArray();
        foreach (var (layer, weight) in variables)
        {
            var handle = new NodeDef { Name = VariableName(layer, weight), Op = "VarHandleOp" };
            handle.Attr["dtype"] = Type(DataType.DtFloat);
            handle.Attr["shape"] = new AttrValue { Shape = FunctionBody.Shape(weight.Shape) };
            handle.Attr["shared_name"] = Text(VariableName(layer, weight));
            handle.Attr["container"] = Text(string.Empty);
            graph.Node.Add(handle);
        }
        var placeholder = new NodeDef { Name = "serving_default_" + Input, Op = "Placeholder" };
        placeholder.Attr["dtype"] = Type(DataType.DtFloat);
        placeholder.Attr["shape"] = new AttrValue { Shape = FunctionBody.Shape([-1, .. _layers[0].OutputShape]) };
        graph.Node.Add(placeholder);

        // Per layer: its call function; the model function calls them in order; the signature wrapper calls the model function.
        var modelBody = new FunctionBody();
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { [Input] = Input };
        var masks = new Dictionary<string, string>(StringComparer.Ordinal);
        var modelResources = new List<string>();
        foreach (var layer in _layers.Skip(1))
        {
            var mask = layer.TakesMask ? masks.GetValueOrDefault(layer.Inputs[0]) : null;
            var inputs = layer.Inputs.Count == 1 ? ["inputs"] : layer.Inputs.Select((_, i) => $"inputs_{i}").ToArray();
            var resources = layer.Weights.Select(w => $"{w.Owner?.Replace('/', '_') + "_"}{w.Name}_readvariableop_resource").ToArray();
            var body = new FunctionBody();
            var result = layer.Body(body, mask is null ? inputs : [.. inputs, "mask"], resources);
            var name = $"__inference_{layer.Name}_layer_call_and_return_conditional_losses_{id++}";
            graph.Library.Function.AddRange(body.Library);
            var arguments = inputs.Select(i => (i, DataType.DtFloat));
            graph.Library.Function.Add(body.ToFunction(name, (mask is null ? arguments : arguments.Append(("mask", DataType.DtBool))).Concat(resources.Select(r => (r, DataType.DtResource))), result));
            var captured = layer.Weights.Select(w => $"{layer.Name}_{w.Name}_{id++}").ToArray();
            modelResources.AddRange(captured);
            var layerInputs = layer.Inputs.Select(i => outputs[i]).ToArray();
            outputs[layer.Name] = Call(modelBody, $"{layer.Name}/{(captured.Length > 0 ? "Stateful" : "")}PartitionedCall", name,
                [.. layerInputs, .. mask is null ? [] : new[] { mask }, .. captured], layer.Inputs.Count, captured.Length, mask is not null);
            // Keras traces compute_mask in the model function, beside the layer's call.
            if (layer.ComputeMask is { } computeMask)
            {
                masks[layer.Name] = computeMask(modelBody, layerInputs);
            }
            else if (mask is not null && layer.PassesMask)
            {
                masks[layer.Name] = mask;
            }
        }
        var modelFunction = $"__inference_{ModelName}_layer_call_and_return_conditional_losses_{id++}";
        graph.Library.Function.Add(modelBody.ToFunction(modelFunction, modelResources.Select(r => (r, DataType.DtResource)).Prepend((Input, DataType.DtFloat)), outputs[Output]));

        var wrapperBody = new FunctionBody();
        var unknown = handles.Select((_, i) => i == 0 ? "unknown" : $"unknown_{i - 1}").ToArray();
        var wrapper = $"__inference_signature_wrapper_{id++}";
        graph.Library.Function.Add(wrapperBody.ToFunction(wrapper, unknown.Select(u => (u, DataType.DtResource)).Prepend((Input, DataType.DtFloat)),
            Call(wrapperBody, "StatefulPartitionedCall", modelFunction, [Input, .. unknown], 1, unknown.Length)));
        var call = new NodeDef { Name = "StatefulPartitionedCall", Op = "StatefulPartitionedCall" };
        call.Input.AddRange([placeholder.Name, .. handles]);
        CallAttributes(call, wrapper, 1, handles.Length);
        graph.Node.Add(call);

        var meta = new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" }, TensorflowVersion = "2.15.0", MetaGraphVersion = "v2.15.0" },
            GraphDef = graph,
            ObjectGraphDef = ObjectGraph(variables, wrapper),
        };
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        signature.Inputs[Input] = new TensorInfo { Name = placeholder.Name + ":0", Dtype = DataType.DtFloat, TensorShape = FunctionBody.Shape([-1, .. _layers[0].OutputShape]) };
        signature.Outputs[Output] = new TensorInfo { Name = "StatefulPartitionedCall:0", Dtype = DataType.DtFloat, TensorShape = FunctionBody.Shape([-1, .. OutputShape]) };
        meta.SignatureDef["serving_default"] = signature;
        return new SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { meta } };
    }

    private static string Call(FunctionBody body, string name, string function, string[] inputs, int data, int resources, bool mask = false)
    {
        var reference = body.Add(name, name.EndsWith("StatefulPartitionedCall", StringComparison.Ordinal) ? "StatefulPartitionedCall" : "PartitionedCall", "output", inputs);
        CallAttributes(body.Nodes[^1], function, data, resources, mask);
        return reference;
    }

    private static void CallAttributes(NodeDef call, string function, int data, int resources, bool mask = false)
    {
        call.Attr["f"] = new AttrValue { Func = new NameAttrList { Name = function } };
        call.Attr["Tin"] = Types(Enumerable.Repeat(DataType.DtFloat, data).Concat(Enumerable.Repeat(DataType.DtBool, mask ? 1 : 0)).Concat(Enumerable.Repeat(DataType.DtResource, resources)));
        call.Attr["Tout"] = Types([DataType.DtFloat]);
        call.Attr["config"] = Text(string.Empty);
        call.Attr["executor_type"] = Text(string.Empty);
    }

    /// <summary>The object graph: root → layer_with_weights-N and layer-K → the layer's weights; the signature wrapper's bound inputs are the variables in the order the top-level call passes their handles.</summary>
    private SavedObjectGraph ObjectGraph(List<(KerasLayer Layer, KerasWeight Weight)> variables, string wrapper)
    {
        var graph = new SavedObjectGraph();
        var root = new SavedObject { UserObject = new SavedUserObject { Identifier = "_tf_keras_network" } };
        graph.Nodes.Add(root);
        var layerNodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var bound = new List<int>();
        var weighted = 0;
        for (var k = 1; k < _layers.Count; k++)
        {
            var layer = _layers[k];
            var node = new SavedObject { UserObject = new SavedUserObject { Identifier = layer.Identifier } };
            graph.Nodes.Add(node);
            layerNodes[layer.Name] = graph.Nodes.Count - 1;
            if (layer.Weights.Count > 0)
            {
                root.Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = $"layer_with_weights-{weighted++}", NodeId = graph.Nodes.Count - 1 });
            }
            root.Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = $"layer-{k - 1}", NodeId = graph.Nodes.Count - 1 });
        }
        // Objects below layers after all layers (node ids as keras_metadata.pb numbers them), parents first.
        foreach (var layer in _layers.Skip(1))
        {
            foreach (var sub in layer.SubObjects)
            {
                graph.Nodes.Add(new SavedObject { UserObject = new SavedUserObject { Identifier = sub.Identifier } });
                var parent = sub.Path.Contains('/') ? layerNodes[$"{layer.Name}/{sub.Path[..sub.Path.LastIndexOf('/')]}"] : layerNodes[layer.Name];
                graph.Nodes[parent].Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = sub.Path[(sub.Path.LastIndexOf('/') + 1)..], NodeId = graph.Nodes.Count - 1 });
                layerNodes[$"{layer.Name}/{sub.Path}"] = graph.Nodes.Count - 1;
            }
        }
        // The model's `variables` list reaches every variable too; a weight its layer holds directly is nearer the root through the layer.
        var list = new SavedObject { UserObject = new SavedUserObject { Identifier = "trackable_list_wrapper" } };
        graph.Nodes.Add(list);
        root.Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = "variables", NodeId = graph.Nodes.Count - 1 });
        foreach (var (layer, weight) in variables)
        {
            graph.Nodes.Add(new SavedObject
            {
                Variable = new SavedVariable { Dtype = DataType.DtFloat, Shape = FunctionBody.Shape(weight.Shape), Trainable = true, Name = VariableName(layer, weight) },
            });
            var owner = weight.Owner is null ? layer.Name : $"{layer.Name}/{weight.Owner}";
            graph.Nodes[layerNodes[owner]].Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = weight.Name, NodeId = graph.Nodes.Count - 1 });
            list.Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { LocalName = bound.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), NodeId = graph.Nodes.Count - 1 });
            bound.Add(graph.Nodes.Count - 1);
        }
        graph.ConcreteFunctions[wrapper] = new SavedConcreteFunction { BoundInputs = { bound } };
        return graph;
    }

    /// <summary>keras_metadata.pb: SavedMetadata { repeated SavedObject nodes = 1 } with node_id 2, node_path 3, identifier 4, metadata 5 (JSON); the root holds the model config.</summary>
    private byte[] Metadata(List<KerasLayer> weighted)
    {
        var layers = new JsonArray();
        foreach (var layer in _layers)
        {
            var inbound = new JsonArray();
            if (layer.Inputs.Count > 0)
            {
                inbound.Add(new JsonArray(layer.Inputs.Select(i => (JsonNode)new JsonArray(i, 0, 0, new JsonObject())).ToArray()));
            }
            layers.Add(new JsonObject { ["class_name"] = layer.ClassName, ["config"] = layer.Config.DeepClone(), ["name"] = layer.Name, ["inbound_nodes"] = inbound });
        }
        var model = new JsonObject
        {
            ["name"] = ModelName, ["class_name"] = "Functional", ["is_graph_network"] = true,
            ["config"] = new JsonObject
            {
                ["name"] = ModelName, ["layers"] = layers,
                ["input_layers"] = new JsonArray(new JsonArray(Input, 0, 0)),
                ["output_layers"] = new JsonArray(new JsonArray(Output, 0, 0)),
            },
            ["keras_version"] = "2.15.0", ["backend"] = "tensorflow",
        };
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        WriteObject(output, 0, "root", "_tf_keras_network", model.ToJsonString());
        var id = _layers.Count;
        for (var k = 1; k < _layers.Count; k++)
        {
            var layer = _layers[k];
            var index = weighted.IndexOf(layer);
            var path = index >= 0 ? $"root.layer_with_weights-{index}" : $"root.layer-{k - 1}";
            WriteObject(output, k, path, layer.Identifier, new JsonObject { ["name"] = layer.Name, ["class_name"] = layer.ClassName, ["config"] = layer.Config.DeepClone() }.ToJsonString());
            foreach (var sub in layer.SubObjects)
            {
                WriteObject(output, id++, $"{path}.{sub.Path.Replace('/', '.')}", sub.Identifier, new JsonObject { ["name"] = sub.Name, ["class_name"] = sub.ClassName, ["config"] = sub.Config.DeepClone() }.ToJsonString());
            }
        }
        output.Flush();
        return buffer.ToArray();
    }

    private static void WriteObject(CodedOutputStream output, int id, string path, string identifier, string json)
    {
        using var item = new MemoryStream();
        var fields = new CodedOutputStream(item);
        fields.WriteTag(2, WireFormat.WireType.Varint);
        fields.WriteInt32(id);
        fields.WriteTag(3, WireFormat.WireType.LengthDelimited);
        fields.WriteString(path);
        fields.WriteTag(4, WireFormat.WireType.LengthDelimited);
        fields.WriteString(identifier);
        fields.WriteTag(5, WireFormat.WireType.LengthDelimited);
        fields.WriteString(json);
        fields.Flush();
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(item.ToArray()));
    }
}
