using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CheckpointGen.Tests.Oracle;

/// <summary>
/// Runs a frozen GraphDef (tests/oracle/run_graph.js) or a TF1 SavedModel signature
/// (run_saved_model.js) through TensorFlow.js's CPU backend and returns what TensorFlow's
/// semantics give. It shares no code with the product: files in, JSON out. eng/install-prereqs.sh
/// installs Node and the pinned npm packages.
/// </summary>
internal static partial class TfjsOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Folder { get; } = Path.Combine(FixturePaths.RepoRoot, "tests", "oracle");

    /// <summary>Feeds <paramref name="inputs"/> (by Placeholder name) and fetches <paramref name="outputs"/> (node names, or name:index).</summary>
    public static IReadOnlyDictionary<string, OracleTensor> Run(byte[] graphDef, IReadOnlyDictionary<string, OracleTensor> inputs, params string[] outputs)
    {
        if (outputs.Length == 0) throw new ArgumentException("Name at least one output.", nameof(outputs));
        return InWorkFolder(work =>
        {
            string graphPath = Path.Combine(work, "graph.pb"), inputsPath = Path.Combine(work, "inputs.json");
            File.WriteAllBytes(graphPath, graphDef);
            File.WriteAllBytes(inputsPath, WriteTensors(inputs));
            return ReadOutputs(RunNode(Path.Combine(Folder, "run_graph.js"), graphPath, inputsPath, string.Join(",", outputs)));
        });
    }

    /// <summary>
    /// Runs the signature <paramref name="signature"/> of a TF1 SavedModel (tests/oracle/run_saved_model.js)
    /// as Session.run does: <paramref name="inputs"/> fed by signature input key (the graph is cut at
    /// those tensors, whatever computes them), VariableV2 nodes valued from <paramref name="variables"/>
    /// (by variable name); the outputs by signature output key.
    /// </summary>
    public static IReadOnlyDictionary<string, OracleTensor> RunSignature(string savedModelPb, string signature, IReadOnlyDictionary<string, OracleTensor> variables, IReadOnlyDictionary<string, OracleTensor> inputs) =>
        InWorkFolder(work =>
        {
            string variablesPath = Path.Combine(work, "variables.json"), inputsPath = Path.Combine(work, "inputs.json");
            File.WriteAllBytes(variablesPath, WriteTensors(variables));
            File.WriteAllBytes(inputsPath, WriteTensors(inputs));
            return ReadOutputs(RunNode(Path.Combine(Folder, "run_saved_model.js"), savedModelPb, signature, variablesPath, inputsPath));
        });

    /// <summary>Runs the oracle's <paramref name="script"/> with the arguments <paramref name="arguments"/> writes into a work folder; returns its stdout.</summary>
    public static string RunScript(string script, Func<string, string[]> arguments) =>
        InWorkFolder(work => RunNode(arguments(work).Prepend(Path.Combine(Folder, script)).ToArray()));

    /// <summary>Runs <paramref name="run"/> in a fresh temporary folder, deleted afterwards; the oracle must be installed.</summary>
    private static T InWorkFolder<T>(Func<string, T> run)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@tensorflow", "tfjs-converter")))
            throw new InvalidOperationException($"The TensorFlow.js oracle is not installed in {Folder}: source eng/install-prereqs.sh (it runs npm ci there).");
        string work = Directory.CreateTempSubdirectory("cg-oracle-").FullName;
        try
        {
            return run(work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Runs a TF2 SavedModel: tests/oracle/freeze_saved_model.js inlines its function calls with an
    /// inliner of its own (not the product's), binds the captured variables to
    /// <paramref name="variables"/> (float32 values by checkpoint key) and cuts the graph at the fed
    /// node names; then run_graph.js runs the result.
    /// </summary>
    public static IReadOnlyDictionary<string, OracleTensor> RunSavedModel(string savedModelPb, IReadOnlyDictionary<string, (float[] Values, long[] Shape)> variables,
        IReadOnlyDictionary<string, OracleTensor> inputs, params string[] outputs)
    {
        var frozen = InWorkFolder(work =>
        {
            string variablesPath = Path.Combine(work, "variables.json"), inputsPath = Path.Combine(work, "inputs.json"), graphPath = Path.Combine(work, "graph.pb");
            File.WriteAllBytes(variablesPath, WriteVariables(variables));
            File.WriteAllBytes(inputsPath, WriteTensors(inputs));
            RunNode(Path.Combine(Folder, "freeze_saved_model.js"), savedModelPb, variablesPath, inputsPath, string.Join(",", outputs), graphPath);
            return File.ReadAllBytes(graphPath);
        });
        return Run(frozen, inputs, outputs);
    }

    /// <summary>
    /// The Keras route (tests/oracle/keras_run.js): tfjs-layers rebuilds the model of the SavedModel
    /// in <paramref name="folder"/> from the config in its keras_metadata.pb, with the checkpoint's
    /// weights as LevelDB (<paramref name="tabledump"/>, eng/tools/tabledump.cc) lists them, and
    /// predicts <paramref name="input"/>.
    /// </summary>
    public static OracleTensor RunKeras(string folder, string tabledump, OracleTensor input) =>
        InWorkFolder(work =>
        {
            string inputsPath = Path.Combine(work, "inputs.json");
            File.WriteAllBytes(inputsPath, WriteTensors(new Dictionary<string, OracleTensor> { ["input"] = input }));
            return ReadOutputs(RunNode(Path.Combine(Folder, "keras_run.js"), folder, tabledump, inputsPath))["output"];
        });

    private static byte[] WriteVariables(IReadOnlyDictionary<string, (float[] Values, long[] Shape)> variables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, (values, shape)) in variables)
            {
                json.WriteStartObject(key);
                json.WriteStartArray("shape");
                foreach (var d in shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("values");
                foreach (var v in values) json.WriteNumberValue(v);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string RunNode(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The TensorFlow.js oracle did not finish within {Timeout}.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The TensorFlow.js oracle failed (exit {process.ExitCode}):\n{stderr.Result}");
        return stdout.Result;
    }

    private static byte[] WriteTensors(IReadOnlyDictionary<string, OracleTensor> inputs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, tensor) in inputs)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", tensor.DType);
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("values");
                foreach (float v in tensor.Values)
                {
                    if (float.IsFinite(v)) json.WriteNumberValue(v);
                    else json.WriteStringValue(float.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, OracleTensor> ReadOutputs(string stdout)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(stdout));
        var result = new Dictionary<string, OracleTensor>();
        foreach (var output in document.RootElement.EnumerateObject())
        {
            var shape = output.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var values = output.Value.GetProperty("values").EnumerateArray()
                .Select(v => v.ValueKind == JsonValueKind.String ? float.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetSingle())
                .ToArray();
            result[output.Name] = new OracleTensor(shape, values, output.Value.GetProperty("dtype").GetString()!);
        }
        return result;
    }
}
