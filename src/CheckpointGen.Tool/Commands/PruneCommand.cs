using System.CommandLine;
using System.Globalization;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Progress;
using CheckpointGen.Tool.Pruning;
using CheckpointGen.Tool.Selection;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>prune IN OUT [--keep …] [--include GLOB]… [--exclude GLOB]… [--rename OLD=NEW]… [--json]</c>:
/// what <c>tf.train.Saver(var_list).save()</c> does. Writes a checkpoint of the chosen
/// variables at OUT (bytes copied as stored), the meta graph with its Saver rewritten to match,
/// and OUT's folder's <c>checkpoint</c> state file with OUT as the latest.
/// </summary>
internal static class PruneCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "prune";

    public static Command Create(CliConsole console)
    {
        var input = CheckpointArgument.Create("IN");
        var output = new Argument<string>("OUT") { Description = "The new checkpoint's prefix (out/model.ckpt-1000); its folder's 'checkpoint' state file is updated." };
        var filters = new VariableFilterOptions();
        var rename = new Option<string[]>("--rename")
        {
            Description = "Save a variable under another key: OLD=NEW (OLD a stored key or variable name), or a whole scope: old/scope/=new/scope/. Repeatable.",
            HelpName = "OLD=NEW",
        };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Write a new checkpoint with only the chosen variables (default: the model's, no optimizer state), as tf.train.Saver(var_list) saves it.")
        {
            input, output,
        };
        filters.AddTo(command);
        command.Options.Add(rename);
        command.Options.Add(json);
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var renames = RenameRules.Parse(parse.GetValue(rename) ?? Array.Empty<string>());
            var outputPrefix = parse.GetValue(output)!;
            if (string.IsNullOrWhiteSpace(outputPrefix))
            {
                throw new CommandFailedException(ExitCodes.Usage, "OUT is empty; give the new checkpoint's prefix.");
            }
            using var checkpoint = CheckpointArgument.Open(console, parse.GetValue(input)!);
            var selection = filters.Select(parse, checkpoint);
            var names = renames.Apply(selection.Kept);
            var keepObjectGraph = ObjectGraphRewriter.Find(checkpoint) is { } objectGraph && !filters.Excludes(parse, objectGraph);
            var result = ProgressDisplay.Run(console, "Pruning", VariableText.TotalBytes(selection.Kept),
                progress => CheckpointPruner.Prune(checkpoint, selection.Kept, names, selection.Dropped, keepObjectGraph, outputPrefix, progress));
            if (result.MetaNote is not null)
            {
                console.Warn($"no {Path.GetFileName(result.Prefix)}.meta written: {result.MetaNote}.");
            }
            if (result.MetaPath is null && File.Exists(result.Prefix + ".meta"))
            {
                console.Warn($"{result.Prefix}.meta was there before and was left as it was; it may not match the new checkpoint.");
            }
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, result), () => WriteText(console.Out, result));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteText(TextWriter output, PruneResult result)
    {
        var bytes = VariableText.TotalBytes(result.Kept.Select(k => k.Source));
        var dataFiles = result.Files.Count - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {result.Prefix}: {result.Kept.Count} tensors, {bytes} bytes in {dataFiles} data file{(dataFiles == 1 ? string.Empty : "s")}"));
        if (result.Dropped.Count > 0)
        {
            var byKind = result.Dropped.GroupBy(v => v.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {VariableText.Kind(g.Key)}");
            output.WriteLine($"Dropped {result.Dropped.Count}: {string.Join(", ", byKind)}");
        }
        foreach (var tensor in result.Kept.Where(k => k.Name != k.Source.Name))
        {
            output.WriteLine($"Renamed {tensor.Source.Name} -> {tensor.Name}");
        }
        foreach (var tensor in result.Kept.Where(k => k.IsRewritten))
        {
            output.WriteLine($"Rewrote {tensor.Name} to name only the kept variables");
        }
        if (result.MetaPath is not null)
        {
            output.WriteLine($"Meta graph: {result.MetaPath}");
        }
        output.WriteLine($"State file: {result.StateFilePath}");
    }

    private static void WriteJson(TextWriter output, PruneResult result)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteString("prefix", result.Prefix);
        writer.WriteStartArray("files");
        result.Files.ToList().ForEach(writer.WriteStringValue);
        writer.WriteEndArray();
        if (result.MetaPath is null)
        {
            writer.WriteNull("meta");
        }
        else
        {
            writer.WriteString("meta", result.MetaPath);
        }
        writer.WriteString("stateFile", result.StateFilePath);
        writer.WriteStartArray("variables");
        foreach (var tensor in result.Kept)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tensor.Name);
            writer.WriteString("source", tensor.Source.Name);
            VariableJson.WriteTypeAndShape(writer, tensor.Source.DataType, tensor.Source.Shape);
            writer.WriteNumber("size", tensor.Source.Size);
            writer.WriteString("kind", VariableText.Kind(tensor.Source.Kind));
            writer.WriteBoolean("rewritten", tensor.IsRewritten);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("dropped");
        foreach (var variable in result.Dropped)
        {
            writer.WriteStartObject();
            writer.WriteString("name", variable.Name);
            writer.WriteString("kind", VariableText.Kind(variable.Kind));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        sink.Complete();
    }
}
