using System.Text.Json;
using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Keras;
using CheckpointGen.Tests.Oracle;
using CheckpointGen.Tool.Npy;
using CheckpointGen.Tool.Tests.Npy;

namespace CheckpointGen.Tool.Tests.Predict;

/// <summary>
/// <c>predict</c> runs the generated code (planned, printed, compiled in memory): its numbers are
/// TensorFlow's (the TensorFlow.js oracle on the same graph), so a wrong kernel call or a printer
/// bug fails here as it would in a built application.
/// </summary>
public sealed class PredictCommandTests : IDisposable
{
    private static readonly string FcLayers = FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb");
    private static readonly string HalfPlusTwo = FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_frozen_graph_predicts_what_tensorflow_computes()
    {
        const int batch = 3;
        var x = Close.Random(batch * 784, 11);

        var run = ToolRun.InProcess("predict", FcLayers, "--outputs", "output", "--input", "X=" + Save("x.npy", x, batch, 784), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var output = run.Json().RootElement.GetProperty("outputs").GetProperty("output");
        Assert.Equal("float32", output.GetProperty("dtype").GetString());
        Assert.Equal([batch, 10], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var expected = TfjsOracle.Run(File.ReadAllBytes(FcLayers), new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, batch, 784) }, "output")["output"];
        Close.Assert(expected.Values, Floats(output), "output");
    }

    /// <summary>A frozen graph whose output comes out of a StatelessWhile loop (x = x·0.5 + 1, three times, counted by an int32 counter).</summary>
    [Fact]
    public void A_frozen_graph_with_a_loop_predicts_what_tensorflow_computes()
    {
        const DataType F = DataType.DtFloat, I = DataType.DtInt32;
        (string, DataType)[] args = [("i", I), ("n", I), ("x", F)];
        var graph = new LibraryGraph()
            .Placeholder("x", F, -1, 2)
            .Const("zero", [0], [])
            .Const("n", [3], [])
            .Add(LibraryGraph.While("loop", "cond", "body", ["zero", "n", "x"], [I, I, F]))
            .Function("cond", args, [("more", DataType.DtBool)], [LibraryGraph.Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("x_next", F)],
                [
                    LibraryGraph.ConstNode("one", [1]), LibraryGraph.ConstNode("half", [0.5f]), LibraryGraph.ConstNode("one_f", [1f]),
                    LibraryGraph.Op("next", "AddV2", I, "i", "one:output:0"),
                    LibraryGraph.Op("scaled", "Mul", F, "x", "half:output:0"),
                    LibraryGraph.Op("shifted", "AddV2", F, "scaled:z:0", "one_f:output:0"),
                ],
                "next:z:0", "n", "shifted:z:0");
        var path = graph.Write(_folder.Path);
        float[] x = [-4f, 0f, 1f, 2.5f];

        var run = ToolRun.InProcess("predict", path, "--outputs", "loop:2", "--inputs", "x", "--input", "x=" + Save("x.npy", x, 2, 2), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var output = run.Json().RootElement.GetProperty("outputs").GetProperty("loop:2");
        var expected = TfjsOracle.Run(graph.Bytes(), new Dictionary<string, OracleTensor> { ["x"] = OracleTensor.Float(x, 2, 2) }, "loop:2")["loop:2"];
        Close.Assert(expected.Values, Floats(output), "loop:2");
        Assert.Equal(x.Select(v => ((v * 0.5f + 1) * 0.5f + 1) * 0.5f + 1), Floats(output));
    }

    [Fact]
    public void A_savedmodel_runs_serving_default_with_the_signatures_keys()
    {
        float[] x = [-4f, 0f, 1f, 2.5f, 100f];

        var run = ToolRun.InProcess("predict", HalfPlusTwo, "--input", "x=" + Save("x.npy", x, 5, 1), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // Keyed by the signature's output key; the model's contract is y = 0.5 x + 2.
        var y = run.Json().RootElement.GetProperty("outputs").GetProperty("y");
        Assert.Equal([5, 1], y.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(x.Select(v => 0.5f * v + 2f), Floats(y));
        Assert.Empty(run.Error);
    }

    /// <summary>
    /// A Keras SavedModel as tf.keras writes one (layers in library functions, weights captured):
    /// predict equals TensorFlow.js by the graph route and by the Keras route (tfjs-layers from
    /// keras_metadata.pb). The GRU model loops (a StatelessWhile over TensorLists) and takes a
    /// mask from its Masking layer into the loop.
    /// </summary>
    [Theory]
    [InlineData("conv")]
    [InlineData("masked-gru")]
    public void A_keras_savedmodel_predicts_as_tensorflow_by_both_oracle_routes(string kind)
    {
        const int batch = 2;
        KerasModelBuilder keras;
        if (kind == "conv")
        {
            keras = new KerasModelBuilder("image", [6, 6, 2], seed: 21);
            keras.Conv2D(3, 3, padding: "same", activation: "relu");
            keras.BatchNormalization(fused: true);
            keras.MaxPooling2D(2);
            keras.Flatten();
            keras.Dense(4, "softmax");
        }
        else
        {
            // tfjs-layers' GRU has no reset_after, so the Keras route takes Keras 1's GRU.
            keras = new KerasModelBuilder("image", [5, 3], seed: 23);
            keras.Masking();
            keras.Gru(4, resetAfter: false);
            keras.Dense(2, "sigmoid");
        }
        var model = Path.Combine(_folder.Path, "keras");
        keras.Write(model);
        var shape = keras.InputShape.Select(d => (int)d).Prepend(batch).ToArray();
        var x = Close.Random(shape.Aggregate(1, (p, d) => p * d), 22);
        if (kind != "conv")
        {
            // The last step of the second row is padding: masked.
            x.AsSpan(x.Length - 3).Clear();
        }

        var run = ToolRun.InProcess("predict", model, "--input", "image=" + Save("x.npy", x, shape.Select(d => (long)d).ToArray()), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var actual = Floats(run.Json().RootElement.GetProperty("outputs").GetProperty(keras.Output));
        var input = OracleTensor.Float(x, shape);
        var graphRoute = TfjsOracle.RunSavedModel(Path.Combine(model, "saved_model.pb"), keras.Variables.ToDictionary(v => v.Key, v => (v.Value.Values, v.Value.Shape)),
            new Dictionary<string, OracleTensor> { ["serving_default_image"] = input }, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];
        Close.Assert(graphRoute.Values, actual, "graph route");
        var tabledump = TableDump.TryGetPath(out var problem);
        Assert.True(tabledump is not null, "The Keras route reads the index with LevelDB: " + problem);
        Close.Assert(TfjsOracle.RunKeras(model, tabledump!, input).Values, actual, "Keras route");
    }

    [Fact]
    public void A_checkpoint_with_its_meta_graph_writes_npy_files_that_match_tensorflow()
    {
        var item = FixturePaths.Get("tf2onnx-regression/checkpoint/");
        float[] x = [-1.5f, 0.25f, 4f];
        var output = Path.Combine(_folder.Path, "out");

        var run = ToolRun.InProcess("predict", item, "--outputs", "pred", "--inputs", "X", "--input", "X=" + Save("x.npy", x, 3), "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var pred = NpyFile.Read(Path.Combine(output, "pred.npy"));
        using var checkpoint = Checkpoint.Open(item);
        var frozen = Path.Combine(_folder.Path, "frozen.pb");
        CheckpointFreezer.Freeze(checkpoint, ["pred"]).WriteTo(frozen);
        var expected = TfjsOracle.Run(File.ReadAllBytes(frozen), new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(x, 3) }, "pred")["pred"];
        Assert.Equal(expected.Shape.Select(d => (long)d), pred.Shape);
        Close.Assert(expected.Values, (float[])pred.Values, "pred");
    }

    [Fact]
    public void Text_output_prints_each_output_numpy_style()
    {
        var run = ToolRun.InProcess("predict", HalfPlusTwo, "--signature", "serving_default", "--input", "x=" + Save("x.npy", [1f, 2f], 2, 1));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("y: float32 (2, 1)\n[[2.5]\n [3. ]]\n", run.Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--input", "Y=x.npy", "--input Y: the model has no input 'Y'; it takes 'X' (float32 [?, 784])")]
    [InlineData("--input", "X=wrong-shape.npy", "expected shape [?, 784] (? is the batch), the file has (2, 783)")]
    [InlineData("--input", "X=doubles.npy", "expected float32, the file holds float64")]
    [InlineData("--inputs", "X", "--inputs goes with --outputs")]
    [InlineData("--signature", "serving_default", "--signature and --outputs exclude each other")]
    [InlineData("--input", "X", "--input 'X' is not NAME=FILE")]
    [InlineData("--outputs", "output,output", "--outputs names 'output' twice")]
    public void Inputs_that_do_not_fit_are_usage_errors_naming_expected_and_actual(string option, string value, string message)
    {
        Save("x.npy", new float[784], 1, 784);
        Save("wrong-shape.npy", new float[2 * 783], 2, 783);
        File.WriteAllBytes(Path.Combine(_folder.Path, "doubles.npy"), NpyBytes.File("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 784), }", new byte[8 * 784]));
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        var args = new List<string> { "predict", FcLayers, option, equals < 0 ? value : value[..(equals + 1)] + Path.Combine(_folder.Path, value[(equals + 1)..]) };
        if (option is not ("--inputs" or "--outputs"))
        {
            args.AddRange(["--outputs", "output"]);
        }

        var run = ToolRun.InProcess([.. args]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_an_unknown_output_or_signature_are_usage_errors()
    {
        var noInput = ToolRun.InProcess("predict", FcLayers, "--outputs", "output");
        var badOutput = ToolRun.InProcess("predict", FcLayers, "--outputs", "ouptut", "--input", "X=" + Save("x.npy", new float[784], 1, 784));
        var badSignature = ToolRun.InProcess("predict", HalfPlusTwo, "--signature", "predict", "--input", "x=" + Save("y.npy", [1f], 1, 1));

        Assert.True(noInput.ExitCode == ExitCodes.Usage, noInput.ToString());
        Assert.Contains("the input 'X' (float32 [?, 784]) is not given: add --input X=FILE.npy", noInput.Error, StringComparison.Ordinal);
        Assert.True(badOutput.ExitCode == ExitCodes.Usage, badOutput.ToString());
        Assert.Contains("CG1042: the output 'ouptut' names no node of the graph", badOutput.Error, StringComparison.Ordinal);
        Assert.True(badSignature.ExitCode == ExitCodes.Usage, badSignature.ToString());
        Assert.Contains("has no signature 'predict'; it has 'classify_x_to_y'", badSignature.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_the_compiler_cannot_compile_says_why()
    {
        var taxi = FixturePaths.Get("tfx-taxi-estimator-5steps/export/chicago-taxi/1584391735");

        var run = ToolRun.InProcess("predict", taxi, "--signature", "regression", "--input", "inputs=" + SaveBytes("e.tfrecord", ExampleBytes.TfRecord([ExampleBytes.Example(("fare", ExampleBytes.Floats(1)))])));

        Assert.True(run.ExitCode == ExitCodes.Corrupt, run.ToString());
        Assert.Contains("the signature 'regression' cannot be compiled: CG1040:", run.Error, StringComparison.Ordinal);
        // The estimator parses sparse features (VarLenFeature): only dense ones are parsed.
        Assert.Contains("is a sparse feature's tensor, which the graph reads", run.Error, StringComparison.Ordinal);
    }

    /// <summary>TF Serving's regress/classify signatures of half_plus_two: serialized tf.Examples in, from a TFRecord file or a file of one Example.</summary>
    [Fact]
    public void A_tf_example_signature_reads_a_tfrecord_file_or_one_serialized_example()
    {
        float[] x = [1f, -3f, 40f];
        var examples = x.Select(v => ExampleBytes.Example(("x", ExampleBytes.Floats(v)))).ToArray();

        var records = ToolRun.InProcess("predict", HalfPlusTwo, "--signature", "regress_x_to_y", "--input", "inputs=" + SaveBytes("x.tfrecord", ExampleBytes.TfRecord(examples)), "--json");
        var one = ToolRun.InProcess("predict", HalfPlusTwo, "--signature", "classify_x_to_y", "--input", "inputs=" + SaveBytes("x.pb", examples[2]), "--json");

        Assert.True(records.ExitCode == ExitCodes.Success, records.ToString());
        var outputs = records.Json().RootElement.GetProperty("outputs").GetProperty("outputs");
        Assert.Equal([3, 1], outputs.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Close.Assert(x.Select(v => 0.5f * v + 2f).ToArray(), Floats(outputs), "outputs");
        Assert.True(one.ExitCode == ExitCodes.Success, one.ToString());
        Close.Assert([22f], Floats(one.Json().RootElement.GetProperty("outputs").GetProperty("scores")), "scores");
    }

    [Theory]
    [InlineData("damaged", ExitCodes.Corrupt, "record 1: the data's CRC32C does not match")]
    [InlineData("missing", ExitCodes.Corrupt, "Example 1, feature 'x' (data type: float) is required but could not be found")]
    [InlineData("npy", ExitCodes.Usage, "expected serialized tf.Examples (a .tfrecord file, or a file holding one serialized Example), not a .npy file")]
    public void Damaged_records_and_bad_examples_are_errors_naming_record_or_example(string input, int exitCode, string message)
    {
        var good = ExampleBytes.Example(("x", ExampleBytes.Floats(1)));
        var file = input switch
        {
            "damaged" => SaveBytes("bad.tfrecord", [.. ExampleBytes.TfRecord([good, good])[..^5], 0, 0, 0, 0, 0]),
            "missing" => SaveBytes("missing.tfrecord", ExampleBytes.TfRecord([good, ExampleBytes.Example(("x2", ExampleBytes.Floats(1)))])),
            _ => Save("x.npy", [1f], 1, 1),
        };

        var run = ToolRun.InProcess("predict", HalfPlusTwo, "--signature", "regress_x_to_y", "--input", "inputs=" + file);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_npy_is_exit_4_and_a_missing_one_exit_3()
    {
        var corrupt = Path.Combine(_folder.Path, "corrupt.npy");
        File.WriteAllBytes(corrupt, NpyBytes.File("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 784), }", new byte[4 * 784]));

        var bad = ToolRun.InProcess("predict", FcLayers, "--outputs", "output", "--input", "X=" + corrupt);
        var missing = ToolRun.InProcess("predict", FcLayers, "--outputs", "output", "--input", "X=" + Path.Combine(_folder.Path, "none.npy"));

        Assert.True(bad.ExitCode == ExitCodes.Corrupt, bad.ToString());
        Assert.Contains($"{corrupt}: at byte 10: the array is in Fortran (column-major) order", bad.Error, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == ExitCodes.NotFound, missing.ToString());
    }

    private string SaveBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Save(string name, float[] values, params long[] shape) => NpyBytes.SaveFloats(Path.Combine(_folder.Path, name), values, shape);

    private static float[] Floats(JsonElement tensor) => tensor.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
