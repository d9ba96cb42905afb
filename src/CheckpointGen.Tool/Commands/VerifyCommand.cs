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
/// exits with <see cref="ExitCodes.Failed"/>; a missing data file is one line naming the file
/// and how many tensors it holds, and exits with <see cref="ExitCodes.NotFound"/>. <c>--json</c>
/// prints the same as one document.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "verify";

    public static Command Create(CliConsole console)
    {
        var path = CheckpointArgument.Create();
        var json = CommonOptions.Json();
        var command = new Command(Name, "Check every checksum of a checkpoint; name each tensor that fails.") { path, json };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            // Verification needs only the index and data files; the graph would only add warnings.
            using var checkpoint = CheckpointArgument.Open(console, parse.GetValue(path)!, new CheckpointOpenOptions { LoadGraph = false });
            var problems = ProgressDisplay.Run(console, "Verifying", VariableText.TotalBytes(checkpoint.Variables), checkpoint.VerifyAll);
            var missing = MissingFile.Group(problems);
            var failures = problems.Where(p => !MissingFile.Is(p)).ToList();
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, checkpoint, problems.Count, missing, failures), () => Report(console.Out, checkpoint, problems.Count, missing, failures));
            return missing.Count > 0 ? ExitCodes.NotFound : failures.Count > 0 ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    private static void Report(TextWriter output, Checkpoint checkpoint, int problemCount, IReadOnlyList<MissingFile> missing, IReadOnlyList<CheckpointException> failures)
    {
        var tensors = checkpoint.Variables.Count;
        if (problemCount == 0)
        {
            var files = checkpoint.Files.Count;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OK: {tensors} tensors, {VariableText.TotalBytes(checkpoint.Variables)} bytes in {files} file{(files == 1 ? string.Empty : "s")} verified"));
            return;
        }
        foreach (var file in missing)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MISSING {file.Path}: data file is missing; the {file.Tensors.Count} tensor{(file.Tensors.Count == 1 ? string.Empty : "s")} stored in it ({Sample(file.Tensors)}) cannot be verified"));
        }
        foreach (var problem in failures)
        {
            output.WriteLine(Describe(problem));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problemCount} of {tensors} tensors failed verification"));
    }

    /// <summary>
    /// <c>{"ok","tensors","bytes","files","missingFiles":[{"file","tensors":[…]}],"failures":[{"tensor","reason","file","offset"}]}</c>;
    /// a tensor in a missing file is listed under its file, not under failures.
    /// </summary>
    private static void WriteJson(TextWriter output, Checkpoint checkpoint, int problemCount, IReadOnlyList<MissingFile> missing, IReadOnlyList<CheckpointException> failures)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteBoolean("ok", problemCount == 0);
        writer.WriteNumber("tensors", checkpoint.Variables.Count);
        writer.WriteNumber("bytes", VariableText.TotalBytes(checkpoint.Variables));
        writer.WriteNumber("files", checkpoint.Files.Count);
        writer.WriteStartArray("missingFiles");
        foreach (var file in missing)
        {
            writer.WriteStartObject();
            writer.WriteString("file", file.Path);
            writer.WriteStartArray("tensors");
            foreach (var tensor in file.Tensors)
            {
                writer.WriteStringValue(tensor);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("failures");
        foreach (var problem in failures)
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

    /// <summary>The first few names, then how many more.</summary>
    private static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(3)) + (names.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $", and {names.Count - 3} more") : string.Empty);

    /// <summary>A data file that is not there, and the tensors stored in it, in key order.</summary>
    private sealed record MissingFile(string Path, IReadOnlyList<string> Tensors)
    {
        /// <summary>Whether the problem is a tensor whose data file is missing (rather than damaged).</summary>
        public static bool Is(CheckpointException problem) => problem is CheckpointNotFoundException { FilePath: not null, TensorName: not null };

        public static IReadOnlyList<MissingFile> Group(IEnumerable<CheckpointException> problems) =>
            problems.Where(Is)
                .GroupBy(p => p.FilePath!, StringComparer.Ordinal)
                .Select(g => new MissingFile(g.Key, g.Select(p => p.TensorName!).ToList()))
                .ToList();
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
