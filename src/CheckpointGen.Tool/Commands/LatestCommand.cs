using System.CommandLine;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Json;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>latest DIR [--json]</c>: <c>tf.train.latest_checkpoint</c>. Prints the prefix the folder's
/// <c>checkpoint</c> state file names as latest; exits with <see cref="ExitCodes.Failed"/>
/// when there is none.
/// </summary>
internal static class LatestCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "latest";

    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = "A folder with a 'checkpoint' state file." };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Print the latest checkpoint prefix of a folder, as tf.train.latest_checkpoint finds it.")
        {
            directory, json,
        };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var path = parse.GetValue(directory)!;
            if (!Directory.Exists(path))
            {
                throw new CommandFailedException(ExitCodes.NotFound, File.Exists(path) ? $"{path} is a file, not a folder." : $"{path}: no such folder.");
            }
            var latest = CheckpointLocator.LatestCheckpoint(path)
                ?? throw new CommandFailedException(ExitCodes.Failed, File.Exists(Path.Combine(path, CheckpointStateFile.DefaultName))
                    ? $"{Path.Combine(path, CheckpointStateFile.DefaultName)}: names no checkpoint that exists."
                    : $"{path}: no '{CheckpointStateFile.DefaultName}' state file, so no latest checkpoint.");
            if (parse.GetValue(json))
            {
                using var sink = new JsonTextSink(console.Out);
                sink.Writer.WriteStartObject();
                sink.Writer.WriteString("latest", latest);
                sink.Writer.WriteEndObject();
                sink.Complete();
            }
            else
            {
                console.Out.WriteLine(latest);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
