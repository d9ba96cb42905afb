using System.CommandLine;
using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Commands;

/// <summary>The checkpoint argument every command takes (PATH, IN, A, B), and opening what it names.</summary>
internal static class CheckpointArgument
{
    public static Argument<string> Create(string name = "PATH") => new(name)
    {
        Description = "A checkpoint prefix (model.ckpt-1000), one of its files, a folder with a 'checkpoint' file, a SavedModel folder, or a V1 checkpoint file.",
    };

    /// <summary>Opens the checkpoint and reports what did not stop opening it (an unreadable meta graph) as warnings.</summary>
    public static Checkpoint Open(CliConsole console, string path, CheckpointOpenOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CommandFailedException(ExitCodes.Usage, "The checkpoint path is empty; give a checkpoint prefix, file or folder.");
        }
        var checkpoint = Checkpoint.Open(path, options);
        foreach (var warning in checkpoint.Warnings)
        {
            console.Warn(warning);
        }
        return checkpoint;
    }
}
