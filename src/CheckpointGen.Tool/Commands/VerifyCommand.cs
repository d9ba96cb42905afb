using System.CommandLine;
using System.Globalization;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Progress;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>verify PATH</c>: checks every tensor's stored CRC32C (table blocks are checked when the
/// index is opened). Prints <c>OK</c> with counts, or each failing tensor with the reason and
/// exits with <see cref="ExitCodes.Failed"/>; <c>--json</c> prints the same as one document.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var path = CheckpointArgument.Create();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check every checksum of a checkpoint; name each tensor that fails.") { path, json };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            // Verification needs only the index and data files; the graph would only add warnings.
            using var checkpoint = CheckpointArgument.Open(console, parse.GetValue(path)!, new CheckpointOpenOptions { LoadGraph = false });
            var problems = ProgressDisplay.Run(console, "Verifying", VariableText.TotalBytes(checkpoint.Variables), checkpoint.VerifyAll);
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, checkpoint, problems), () => Report(console.Out, checkpoint, problems));
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static void Report(TextWriter output, Checkpoint checkpoint, IReadOnlyList<CheckpointException> problems)
    {
        var tensors = checkpoint.Variables.Count;
        if (problems.Count == 0)
        {
            var files = checkpoint.Files.Count;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OK: {tensors} tensors, {VariableText.TotalBytes(checkpoint.Variables)} bytes in {files} file{(files == 1 ? string.Empty : "s")} verified"));
            return;
        }
        foreach (var problem in problems)
        {
            output.WriteLine(Describe(problem));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} of {tensors} tensors failed verification"));
    }

    /// <summary><c>{"ok","tensors","bytes","files","failures":[{"tensor","reason","file","offset"}]}</c>.</summary>
    private static void WriteJson(TextWriter output, Checkpoint checkpoint, IReadOnlyList<CheckpointException> problems)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteBoolean("ok", problems.Count == 0);
        writer.WriteNumber("tensors", checkpoint.Variables.Count);
        writer.WriteNumber("bytes", VariableText.TotalBytes(checkpoint.Variables));
        writer.WriteNumber("files", checkpoint.Files.Count);
        writer.WriteStartArray("failures");
        foreach (var problem in problems)
        {
            writer.WriteStartObject();
            writer.WriteString("tensor", problem.TensorName);
            writer.WriteString("reason", problem.Reason);
            writer.WriteString("file", problem.FilePath);
            if (problem.Offset is { } offset)
            {
                writer.WriteNumber("offset", offset);
            }
            else
            {
                writer.WriteNull("offset");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        sink.Complete();
    }

    /// <summary><c>FAILED name: reason (file at offset N)</c>: the tensor first, for people scanning and for grep.</summary>
    private static string Describe(CheckpointException problem)
    {
        if (problem.TensorName is null)
        {
            return "FAILED: " + problem.Message;
        }
        var where = problem.FilePath is null ? string.Empty
            : problem.Offset is { } offset ? string.Create(CultureInfo.InvariantCulture, $" ({problem.FilePath} at offset {offset})")
            : $" ({problem.FilePath})";
        return $"FAILED {problem.TensorName}: {problem.Reason}{where}";
    }
}
