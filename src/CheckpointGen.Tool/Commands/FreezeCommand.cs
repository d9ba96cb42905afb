using System.CommandLine;
using System.Globalization;
using CheckpointGen.Planning.Compiler;
using CheckpointGen.Planning.Compiler.Functions;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Progress;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>freeze IN (--outputs NODE[,NODE]… | --signature KEY) -o frozen.pb [--tags TAG,…] [--json]</c>:
/// <c>convert_variables_to_constants</c> on the meta graph beside the checkpoint or a
/// SavedModel's (see <see cref="CheckpointFreezer"/>), a TF2 SavedModel's functions inlined
/// first, written as a binary GraphDef.
/// </summary>
internal static class FreezeCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "freeze";

    public static Command Create(CliConsole console)
    {
        var input = CheckpointArgument.Create("IN");
        var outputs = new Option<string[]>("--outputs")
        {
            Description = "The nodes (or tensors, node:0) the frozen graph computes, comma-separated or repeated. Default: the outputs of --signature.",
            HelpName = "NODE[,NODE]",
        };
        var file = new Option<string>("--output", "-o") { Description = "The frozen GraphDef to write (frozen.pb).", HelpName = "FILE", Required = true };
        var signature = new Option<string>("--signature")
        {
            Description = "Take the outputs from this signature of the graph (default when --outputs is not given: serving_default, or the only signature).",
            HelpName = "KEY",
        };
        var tags = new Option<string[]>("--tags")
        {
            Description = "For a SavedModel, freeze the meta graph with exactly these tags, comma-separated (default: serve).",
            HelpName = "TAG[,TAG]",
        };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Freeze a checkpoint's graph: variables become constants holding their checkpoint values, pruned to the outputs (convert_variables_to_constants).")
        {
            input, outputs, file, signature, tags, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(outputs) is { Length: > 0 } && result.GetValue(signature) is not null)
            {
                result.AddError("--outputs and --signature cannot be used together.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var target = parse.GetValue(file)!;
            if (string.IsNullOrWhiteSpace(target) || Directory.Exists(target))
            {
                throw new CommandFailedException(ExitCodes.Usage, $"--output '{target}' must name the file to write, such as frozen.pb.");
            }
            var nodes = SplitList(parse.GetValue(outputs));
            var tagList = SplitList(parse.GetValue(tags));
            using var checkpoint = CheckpointArgument.Open(console, parse.GetValue(input)!);
            var options = new FreezeOptions { Tags = tagList.Count > 0 ? tagList : null };
            if (nodes.Count == 0 && parse.GetValue(signature) is null && checkpoint.Graph is { Signatures.Count: 0 } graph && options.Tags is null)
            {
                throw new CommandFailedException(ExitCodes.Usage, $"--outputs is needed: {graph.Path} has no signatures to take the outputs from.");
            }
            var frozen = ProgressDisplay.Run(console, "Freezing", VariableText.TotalBytes(checkpoint.Variables), progress =>
                CheckpointFreezer.Freeze(checkpoint, nodes.Count > 0 ? nodes : null, parse.GetValue(signature), options, progress, InlinedGraph));
            var path = Path.GetFullPath(target);
            OutputWriting.Run(path, null, () => frozen.WriteTo(path));
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, frozen, path), () => WriteText(console.Out, frozen, path));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// The graph to freeze: a TF2 SavedModel's function calls inlined and its captured variables
    /// bound to their checkpoint keys (the graph compiler's inliner), a TF1 graph as it is. What
    /// the inliner refuses exits 4, naming the node.
    /// </summary>
    private static GraphDef InlinedGraph(MetaGraphDef metaGraph, IReadOnlyList<string> outputs)
    {
        try
        {
            return FlatGraph.For(metaGraph, outputs);
        }
        catch (GraphCompileException e)
        {
            throw new CommandFailedException(ExitCodes.Corrupt, $"cannot inline the functions the outputs need ({e.Code}): {e.Message}");
        }
    }

    /// <summary>Values given comma-separated, repeated, or both.</summary>
    private static List<string> SplitList(string[]? values) =>
        (values ?? Array.Empty<string>()).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static void WriteText(TextWriter output, FrozenGraph frozen, string path)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {path}: {frozen.NodeCount} nodes, {frozen.GraphDef.Length} bytes, computing {string.Join(", ", frozen.Outputs)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Froze {frozen.Variables.Count} variables from {frozen.SourcePath}"));
        foreach (var variable in frozen.Variables)
        {
            var key = variable.CheckpointKey == variable.NodeName ? string.Empty : $" (checkpoint key {variable.CheckpointKey})";
            output.WriteLine($"  {variable.NodeName}  {TensorDataTypes.Name(variable.DataType)} {variable.Shape}{key}");
        }
    }

    private static void WriteJson(TextWriter output, FrozenGraph frozen, string path)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteString("output", path);
        writer.WriteString("graph", frozen.SourcePath);
        writer.WriteNumber("nodes", frozen.NodeCount);
        writer.WriteNumber("bytes", frozen.GraphDef.Length);
        writer.WriteStartArray("outputs");
        frozen.Outputs.ToList().ForEach(writer.WriteStringValue);
        writer.WriteEndArray();
        writer.WriteStartArray("variables");
        foreach (var variable in frozen.Variables)
        {
            writer.WriteStartObject();
            writer.WriteString("node", variable.NodeName);
            writer.WriteString("key", variable.CheckpointKey);
            VariableJson.WriteTypeAndShape(writer, variable.DataType, variable.Shape);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        sink.Complete();
    }
}
