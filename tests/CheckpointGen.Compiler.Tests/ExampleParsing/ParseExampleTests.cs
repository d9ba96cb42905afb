using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Inference.Graphs;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Compiler.Tests.Infrastructure.ExampleBytes;

namespace CheckpointGen.Compiler.Tests.ExampleParsing;

/// <summary>
/// tf.Example serving signatures: serialized examples in, parsed by the generated code, against
/// TensorFlow's semantics as the oracle computes them (protobufjs decodes the examples, TensorFlow.js
/// runs the graph cut after the parse).
/// </summary>
public class ParseExampleTests
{
    private const string HalfPlusTwo = "serving-saved_model_half_plus_two_cpu/00000123";

    /// <summary>A float feature of 3 values, required; an int64 feature of 2 with a default; a float scalar-like [1] with a default.</summary>
    private static readonly OracleFeature[] Mixed =
    [
        new("vec", "float32", [3]),
        new("ids", "int64", [2], [7, -9]),
        new("w", "float32", [1], [0.25]),
    ];

    [Theory]
    [InlineData("RegressXToY", "regress_x_to_y", 1)]
    [InlineData("RegressXToY", "regress_x_to_y", 7)]
    [InlineData("RegressXToY2", "regress_x_to_y2", 5)]
    [InlineData("ClassifyXToY", "classify_x_to_y", 4)]
    public void Half_plus_two_tf_example_signatures_compute_what_TensorFlow_computes(string method, string signature, int batch)
    {
        var folder = FixturePaths.Get(HalfPlusTwo);
        using var model = CompiledModel.Build(folder, outputs: "", method: method);
        var x = Close.Random(batch, batch * 13 + method.Length, scale: 40f);
        // x2 is in some examples only, unpacked in others: the signatures read x alone.
        var examples = x.Select((v, i) => i % 2 == 0 ? Example(("x", Floats(v))) : Example(("x2", FloatList(false, 3f)), ("x", FloatList(false, v)))).ToArray();

        var actual = (float[])model.RunTyped(batch, examples.Select(e => (ReadOnlyMemory<byte>)e).ToArray())[0];

        var parsed = ExampleOracle.Parse([new("x", "float32", [1]), new("x2", "float32", [1], [0])], examples);
        var expected = Assert.Single(TfjsOracle.RunSignature(Path.Combine(folder, "saved_model.pb"), signature, Variables(folder),
            new Dictionary<string, OracleTensor> { ["ParseExample/ParseExample:0"] = OracleTensor.Float(parsed.Floats("x"), batch, 1) }));
        var parameter = Assert.Single(model.Program.Parameters);
        Assert.Equal((ProgramDTypes.String, "inputs"), (parameter.DType, parameter.Key));
        Close.Assert(expected.Value.Values, actual, signature);
    }

    [Fact]
    public void Half_plus_two_has_a_method_for_every_signature()
    {
        using var model = CompiledModel.Build(FixturePaths.Get(HalfPlusTwo), outputs: "", method: "RegressXToY");

        Assert.Equal(["ClassifyXToY", "RegressX2ToY3", "RegressXToY", "RegressXToY2", "ServingDefault"], model.Plan.Programs.Select(p => p.Method).Order(StringComparer.Ordinal));
    }

    /// <summary>The TF2 half_plus_two's tf.Example signatures: ParseExample inside the signature's function, x read, y = 0.5 x + 2 (or + 3), the model's contract.</summary>
    [Theory]
    [InlineData("RegressXToY", 2f)]
    [InlineData("ClassifyXToY", 2f)]
    [InlineData("RegressXToY2", 3f)]
    public void Half_plus_two_tf2_tf_example_signatures_compute_their_function(string method, float addend)
    {
        using var model = CompiledModel.Build(FixturePaths.Get("serving-saved_model_half_plus_two_tf2_cpu/00000123"), outputs: "", method: method);
        float[] x = [-4f, 0f, 2.5f, 100f];

        var y = (float[])model.RunTyped(x.Length, x.Select(v => (ReadOnlyMemory<byte>)Example(("x", Floats(v)))).ToArray())[0];

        Close.Assert(x.Select(v => 0.5f * v + addend).ToArray(), y, method);
    }

    /// <summary>
    /// The TFX penguin Keras model's serving_default: ParseExampleV2 inside the serving function, four
    /// required float features, then the transform layer and the network. The oracle parses the
    /// examples itself and feeds the four features where the transform layer takes them (F_{key}).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Tfx_keras_serving_default_parses_examples_as_TensorFlow(int batch)
    {
        var folder = FixturePaths.Get("tfx-keras-savedmodel");
        string[] keys = ["body_mass_g", "culmen_depth_mm", "culmen_length_mm", "flipper_length_mm"];
        using var model = CompiledModel.Build(folder, outputs: "", method: "ServingDefault");
        var values = keys.Select((_, k) => Close.Random(batch, 40 + k + batch)).ToArray();
        // Features in another order than the graph's, some unpacked, and one the model does not read (a bytes feature).
        var examples = Enumerable.Range(0, batch).Select(i => Example(
            [("species", Bytes("Adelie")), .. keys.Select((key, k) => (keys[(k + i) % 4], FloatList(i % 2 == 1, values[(k + i) % 4][i])))])).ToArray();

        var actual = (float[])model.RunTyped(batch, examples.Select(e => (ReadOnlyMemory<byte>)e).ToArray())[0];

        var parsed = ExampleOracle.Parse(keys.Select(k => new OracleFeature(k, "float32", [1])).ToArray(), examples);
        var fed = keys.ToDictionary(
            k => $"StatefulPartitionedCall/StatefulPartitionedCall/transform_features_layer/PartitionedCall/inputs/inputs/F_{k}/Placeholder_copy",
            k => OracleTensor.Float(parsed.Floats(k), batch, 1));
        var expected = TfjsOracle.RunSavedModel(Path.Combine(folder, "saved_model.pb"), Tf2Variables(folder), fed, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];
        Assert.Equal(new[] { batch, 3 }, expected.Shape);
        Close.Assert(expected.Values, actual, "output_0");
        Assert.Equal(ProgramDTypes.String, Assert.Single(model.Program.Parameters).DType);
    }

    /// <summary>Defaults, missing features, int64 features, shapes [k], packed and unpacked lists, a key twice (the last entry wins), a Feature with no list (missing).</summary>
    [Theory]
    [InlineData("ParseExample")]
    [InlineData("ParseExampleV2")]
    public void Dense_features_parse_as_TensorFlow_parses_them(string op)
    {
        byte[][] examples =
        [
            Example(("vec", Floats(1, 2, 3)), ("ids", Int64s(4, -5)), ("w", Floats(9))),
            Example(("vec", FloatList(false, -1, 0.5f, 1e30f))),
            Example(("w", Floats(1)), ("vec", Floats(7, 8, 9)), ("ids", Int64List(false, long.MaxValue, long.MinValue)), ("w", Floats(2))),
            Example(("vec", Floats(0, 0, 0)), ("ids", NoList), ("other", Int64s(1, 2, 3)), ("vec", Floats(4, 5, 6))),
        ];
        var model = Build(op, Mixed);

        var actual = model.RunTyped(examples.Length, examples.Select(e => (ReadOnlyMemory<byte>)e).ToArray());

        var parsed = ExampleOracle.Parse(Mixed, examples);
        Assert.Null(parsed.Error);
        Assert.Equal(parsed.Floats("vec"), (float[])actual[0]);
        Assert.Equal(parsed.Longs("ids"), (long[])actual[1]);
        Assert.Equal(parsed.Floats("w"), (float[])actual[2]);
        // The last entry of a repeated key wins; a Feature without a list takes the default.
        Assert.Equal([4f, 5f, 6f], ((float[])actual[0])[9..12]);
        Assert.Equal([7L, -9L], ((long[])actual[1])[6..8]);
        Assert.Equal(3, model.Program.Steps.Count(s => s.Kernel == ProgramKernels.ParseExample));
        model.Dispose();
    }

    [Theory]
    [InlineData("missing", "Example 1, feature 'vec' (data type: float) is required but could not be found")]
    [InlineData("kind", "Example 1 (parsing feature 'vec'), byte 4: the feature 'vec' is a int64_list; the model reads it as a float_list (data types don't match)")]
    [InlineData("count", "Example 1, feature 'vec' has 2 float values; the model reads 3 per example (number of float values != expected)")]
    public void Examples_TensorFlow_refuses_are_refused_naming_the_example_and_feature(string reason, string message)
    {
        var second = reason switch
        {
            "missing" => Example(("w", Floats(1))),
            "kind" => Example(("vec", Int64s(1, 2, 3))),
            _ => Example(("vec", Floats(1, 2))),
        };
        byte[][] examples = [Example(("vec", Floats(1, 2, 3))), second];
        using var model = Build("ParseExampleV2", Mixed);

        var error = Assert.Throws<ExampleFormatException>(() => model.RunTyped(2, examples.Select(e => (ReadOnlyMemory<byte>)e).ToArray()));

        Assert.Equal(message, error.Message);
        Assert.Equal((1, "vec"), (error.Example, error.Feature));
        Assert.Equal((1, "vec", reason), ExampleOracle.Parse(Mixed, examples).Error);
    }

    [Fact]
    public void A_bytes_feature_compiles_when_nothing_reads_it_and_is_CG1040_when_something_does()
    {
        OracleFeature[] features = [new("f", "float32", [1]), new("label", "float32", [1])];
        var graph = ParseGraphs.Build("ParseExampleV2", features);
        graph.Node.Single(n => n.Name == "parse").Attr["Tdense"].List.Type[1] = Protos.DataType.DtString;
        graph.Node.Single(n => n.Name == "default_1").Attr["value"].Tensor.Dtype = Protos.DataType.DtString;
        var path = ParseGraphs.Save(graph);

        using var model = CompiledModel.Build(path, outputs: "parse:0");
        var read = Assert.Single(CompiledModel.Diagnose(path, outputs: "parse:1"));

        Assert.Equal(ProgramKernels.ParseExample, Assert.Single(model.Program.Steps).Kernel);
        Assert.Equal("CG1040", read.Code);
        Assert.Contains("node 'parse' (ParseExampleV2) reads the dense feature 'label' as string", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sparse_output_read_is_CG1040_and_a_string_reaching_another_op_names_it()
    {
        var graph = ParseGraphs.Build("ParseExampleV2", [new("f", "float32", [1])]);
        graph.Node.Single(n => n.Name == "parse").Attr["num_sparse"].I = 1;
        var sparse = ParseGraphs.Save(graph);
        var other = ParseGraphs.Save(ParseGraphs.Build("ParseExampleV2", [new("f", "float32", [1])]).Node("length", "Neg", ["examples"]));

        var sparseRead = Assert.Single(CompiledModel.Diagnose(sparse, outputs: "parse:0"));
        var stringRead = Assert.Single(CompiledModel.Diagnose(other, outputs: "length"));

        Assert.Equal("CG1040", sparseRead.Code);
        Assert.Contains("output 0 is a sparse feature's tensor, which the graph reads; this version parses dense features only", sparseRead.Message, StringComparison.Ordinal);
        Assert.Equal("CG1040", stringRead.Code);
        Assert.Contains("node 'length' (Neg) reads a string tensor", stringRead.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_length_feature_is_CG1043()
    {
        var graph = ParseGraphs.Build("ParseExample", [new("f", "float32", [1])]);
        graph.Node.Single(n => n.Name == "parse").Attr["dense_shapes"].List.Shape[0].Dim[0].Size = -1;

        var error = Assert.Single(CompiledModel.Diagnose(ParseGraphs.Save(graph), outputs: "parse:0"));

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("dense feature 'f' with shape [?]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_allocates_nothing_after_the_first_call()
    {
        using var model = Build("ParseExampleV2", Mixed);
        var examples = Enumerable.Range(0, 16).Select(i => (ReadOnlyMemory<byte>)Example(("vec", Floats(i, 2, 3)), ("ids", Int64s(i, 1)))).ToArray();
        Array[] inputs = [examples], outputs = [new float[48], new long[32], new float[16]];
        model.RunInto(inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) model.RunInto(inputs, outputs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(15f, ((float[])outputs[0])[45]);
    }

    internal static CompiledModel Build(string op, IReadOnlyList<OracleFeature> features) =>
        CompiledModel.Build(ParseGraphs.Save(ParseGraphs.Build(op, features)), outputs: string.Join(";", features.Select((_, j) => $"parse:{j}")));

    private static Dictionary<string, OracleTensor> Variables(string folder)
    {
        using var checkpoint = Checkpoint.Open(folder);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(
            v => v.VariableName ?? v.Name,
            v => OracleTensor.Float(checkpoint.Read<float>(v.Name), v.Shape.ToArray().Select(d => (int)d).ToArray()));
    }

    private static Dictionary<string, (float[], long[])> Tf2Variables(string folder)
    {
        using var checkpoint = Checkpoint.Open(folder);
        return checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToDictionary(v => v.Name, v => (checkpoint.Read<float>(v.Name), v.Shape.ToArray()));
    }
}
