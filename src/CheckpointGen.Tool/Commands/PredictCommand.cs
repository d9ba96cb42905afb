using System.CommandLine;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tool.Examples;
using CheckpointGen.Tool.Generation;
using CheckpointGen.Tool.Npy;
using CheckpointGen.Tool.Prediction;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>predict MODEL [--signature NAME | --outputs A,B [--inputs X,Y]] --input NAME=FILE … [--json | -o DIR]</c>:
/// runs the code the build generates for the model. The build's planner compiles the graph (the
/// options are the item's <c>Outputs</c>/<c>Inputs</c>, validated as the build validates them),
/// the generator prints the class, Roslyn compiles it in memory with the packed weights, and the
/// generated method is called with the <c>.npy</c> arrays (serialized examples for a tf.Example input), so what it prints is what an
/// application built with the package computes.
/// </summary>
internal static class PredictCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "predict";

    /// <summary>The signature a SavedModel runs when neither --signature nor --outputs is given, as TensorFlow Serving does.</summary>
    private const string DefaultSignature = "serving_default";

    public static Command Create(CliConsole console)
    {
        var model = CheckpointArgument.Create("MODEL");
        model.Description = "A frozen GraphDef (.pb), a checkpoint with its meta graph, or a SavedModel folder.";
        var signature = new Option<string>("--signature") { Description = $"The SavedModel signature to run (default: {DefaultSignature}).", HelpName = "NAME" };
        var outputs = new Option<string>("--outputs") { Description = "Comma-separated tensors to compute (node or node:index), as the Outputs item metadata.", HelpName = "A,B" };
        var inputs = new Option<string>("--inputs") { Description = "With --outputs: comma-separated tensors to feed (default: every Placeholder the outputs need).", HelpName = "X,Y" };
        var input = new Option<string[]>("--input")
        {
            Description = "An input's values: its signature key or tensor name, and a .npy file (float32, float64, int32, int64 or bool, C order); for serialized tf.Examples (regress/classify signatures), a TFRecord file (one Example per record) or a file holding one serialized Example. Repeatable.",
            HelpName = "NAME=FILE",
        };
        var directory = new Option<string>("--output", "-o") { Description = "Write each output to DIR/NAME.npy instead of printing it.", HelpName = "DIR" };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Run a model's generated inference code (compiled in memory, as the build compiles it) on .npy inputs.")
        {
            model, signature, outputs, inputs, input, directory, json,
        };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var path = parse.GetValue(model)!;
            var signatureKey = parse.GetValue(signature);
            var outputList = parse.GetValue(outputs);
            var inputList = parse.GetValue(inputs);
            var target = parse.GetValue(directory);
            var asJson = parse.GetValue(json);
            if (string.IsNullOrWhiteSpace(path))
            {
                throw Usage("The model path is empty; give a frozen .pb, a checkpoint or a SavedModel folder.");
            }
            if (signatureKey is not null && outputList is not null)
            {
                throw Usage("--signature and --outputs exclude each other: run a signature, or name the tensors to compute.");
            }
            if (inputList is not null && outputList is null)
            {
                throw Usage("--inputs goes with --outputs; a signature says what it feeds.");
            }
            if (asJson && target is not null)
            {
                throw Usage("--json and --output exclude each other: print JSON, or write .npy files.");
            }
            if (target is not null && (string.IsNullOrWhiteSpace(target) || File.Exists(target)))
            {
                throw Usage($"--output '{target}' must name a folder to write the .npy files to.");
            }
            if (Names(outputList).GroupBy(o => o, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw Usage($"--outputs names '{twice.Key}' twice; each output is printed under its name");
            }
            var files = ReadInputs(parse.GetValue(input) ?? Array.Empty<string>());
            var predicted = Predict(console, path, signatureKey, outputList, inputList, files);
            if (target is not null)
            {
                foreach (var file in PredictionOutput.WriteFiles(Path.GetFullPath(target), predicted))
                {
                    console.Out.WriteLine($"Wrote {file}");
                }
            }
            else
            {
                CommonOptions.Print(asJson, () => PredictionOutput.WriteJson(console.Out, predicted), () => PredictionOutput.WriteText(console.Out, predicted));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static IReadOnlyList<PredictedTensor> Predict(CliConsole console, string path, string? signatureKey, string? outputs, string? inputs, IReadOnlyDictionary<string, InputFile> files)
    {
        var work = Directory.CreateTempSubdirectory("checkpointgen-predict-").FullName;
        try
        {
            var metadata = new ItemMetadata(ClassName: "Model", Namespace: "CheckpointGenPredict", Mode: "Embedded",
                Outputs: string.Join(";", Names(outputs)), Inputs: string.Join(";", Names(inputs)), CopyToOutput: "false");
            var request = new BuildRequest(path, Path.GetFullPath(path), ProjectFile: string.Empty, ProjectDirectory: Environment.CurrentDirectory,
                OutputDirectory: work, RootNamespace: string.Empty, metadata);
            var index = new OutputIndex();
            var (plan, diagnostics) = ItemPlanning.Run(request, index, console, infos: false);
            var program = Select(plan, diagnostics, path, outputs is null ? signatureKey ?? DefaultSignature : null);
            using var compiled = CompiledProgram.Compile(plan, program, index.Resources);
            var (arrays, batch) = ProgramFeeds.Bind(program, compiled.ParameterTypes, files);
            var results = ProgramFeeds.Outputs(program, compiled.ResultTypes, batch);
            compiled.Run(arrays, results.Select(r => r.Values).ToArray());
            return program.Results.Select((r, i) => new PredictedTensor(r.Key, results[i])).ToArray();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The program to run: <c>Predict</c> for --outputs, else the signature's.</summary>
    private static PlanProgram Select(CheckpointPlan plan, IReadOnlyList<Planning.PlanDiagnostic> diagnostics, string path, string? signatureKey)
    {
        if (signatureKey is null)
        {
            return plan.Programs.Single();
        }
        if (plan.Programs.FirstOrDefault(p => p.SignatureKey == signatureKey) is { } program)
        {
            return program;
        }
        if (plan.Signatures.Count == 0)
        {
            throw Usage($"{path} has no signatures: name the tensors to compute with --outputs (checkpointgen graph {path} lists them)");
        }
        if (plan.Signatures.All(s => s.Key != signatureKey))
        {
            throw Usage($"{path} has no signature '{signatureKey}'; it has {string.Join(", ", plan.Signatures.Select(s => $"'{s.Key}'"))}");
        }
        // The planner says why in an info about the signature it could not compile.
        var why = diagnostics.FirstOrDefault(d => d.Message.Contains($"'{signatureKey}'", StringComparison.Ordinal));
        throw new CommandFailedException(ExitCodes.Corrupt, $"the signature '{signatureKey}' cannot be compiled{(why is null ? string.Empty : $": {why.Code}: {why.Message}")}");
    }

    /// <summary>Reads every <c>--input NAME=FILE</c>.</summary>
    private static IReadOnlyDictionary<string, InputFile> ReadInputs(IEnumerable<string> values)
    {
        var inputs = new Dictionary<string, InputFile>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw Usage($"--input '{value}' is not NAME=FILE");
            }
            var (name, file) = (value[..equals], value[(equals + 1)..]);
            if (inputs.ContainsKey(name))
            {
                throw Usage($"--input {name} is given twice");
            }
            // Every numeric input is a .npy file; anything else is serialized examples, checked against the parameter later.
            inputs[name] = file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
                ? new InputFile(file, NpyFile.Read(file), null)
                : new InputFile(file, null, ExampleFile.Read(file));
        }
        return inputs;
    }

    /// <summary>The entries of a comma-separated option (the item metadata separates them with ';').</summary>
    private static string[] Names(string? text) => text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();

    private static CommandFailedException Usage(string message) => new(ExitCodes.Usage, message);
}
