using System.CommandLine;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Numpy;
using CheckpointGen.Tool.Output.Tables;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>inspect PATH [--tensor NAME] [--all] [--json]</c>: what TensorFlow's inspect_checkpoint
/// shows. Without options, each tensor's name, dtype, shape, size and kind; with
/// <c>--tensor</c> one tensor's values and with <c>--all</c> every tensor's, printed as numpy
/// prints them, or as JSON with <c>--json</c>.
/// </summary>
internal static class InspectCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "inspect";

    public static Command Create(CliConsole console)
    {
        var path = CheckpointArgument.Create();
        var tensor = new Option<string>("--tensor")
        {
            Description = "Print the values of this tensor (its stored key, or its real variable name where a graph gives one).",
            HelpName = "NAME",
        };
        var all = new Option<bool>("--all") { Description = "Print the values of every tensor." };
        var json = CommonOptions.Json();
        var command = new Command(Name, "List a checkpoint's tensors (name, dtype, shape, size, kind) or print their values.")
        {
            path, tensor, all, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(tensor) is not null && result.GetValue(all))
            {
                result.AddError("--tensor and --all cannot be used together.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            using var checkpoint = CheckpointArgument.Open(console, parse.GetValue(path)!);
            if (parse.GetValue(tensor) is { } name)
            {
                return PrintOne(console, checkpoint, name, parse.GetValue(json));
            }
            if (parse.GetValue(all))
            {
                return PrintAll(console, checkpoint, parse.GetValue(json));
            }
            ListVariables(console, checkpoint, parse.GetValue(json));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void ListVariables(CliConsole console, Checkpoint checkpoint, bool json)
    {
        if (!json)
        {
            VariableTable.Write(console, checkpoint.Variables);
            return;
        }
        using var sink = new JsonTextSink(console.Out);
        WriteListing(sink, checkpoint.Variables, withValues: false, _ => null);
        sink.Complete();
    }

    private static int PrintOne(CliConsole console, Checkpoint checkpoint, string name, bool json)
    {
        CheckpointVariable variable;
        try
        {
            variable = checkpoint.GetVariable(name);
        }
        catch (KeyNotFoundException e)
        {
            throw new CommandFailedException(ExitCodes.Failed, e.Message);
        }
        var values = TensorValues.Read(checkpoint, variable);
        if (json)
        {
            using var sink = new JsonTextSink(console.Out);
            VariableJson.Write(sink.Writer, variable, withValues: true, values);
            sink.Complete();
        }
        else
        {
            WriteText(console, variable, values);
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// Every tensor's values. A tensor that cannot be read (a missing shard, a bad checksum) is
    /// reported on stderr and printed without values, so the rest still shows; the exit code
    /// is that of the first such failure.
    /// </summary>
    private static int PrintAll(CliConsole console, Checkpoint checkpoint, bool json)
    {
        var exitCode = ExitCodes.Success;
        TensorValues? TryRead(CheckpointVariable variable)
        {
            try
            {
                return TensorValues.Read(checkpoint, variable);
            }
            catch (Exception e) when (CommandGuard.ExitCodeFor(e) is { } code)
            {
                console.Fail(e.Message);
                exitCode = exitCode == ExitCodes.Success ? code : exitCode;
                return null;
            }
        }

        if (json)
        {
            using var sink = new JsonTextSink(console.Out);
            WriteListing(sink, checkpoint.Variables, withValues: true, TryRead);
            sink.Complete();
        }
        else
        {
            foreach (var variable in checkpoint.Variables)
            {
                WriteText(console, variable, TryRead(variable));
            }
        }
        return exitCode;
    }

    private static void WriteListing(JsonTextSink sink, IReadOnlyList<CheckpointVariable> variables, bool withValues, Func<CheckpointVariable, TensorValues?> read)
    {
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteStartArray("variables");
        foreach (var variable in variables)
        {
            VariableJson.Write(writer, variable, withValues, withValues ? read(variable) : null);
            sink.Drain();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>inspect_checkpoint's layout: <c>tensor_name:  NAME</c>, then the values as numpy prints them.</summary>
    private static void WriteText(CliConsole console, CheckpointVariable variable, TensorValues? values)
    {
        console.Out.WriteLine("tensor_name:  " + variable.Name);
        if (values is not null)
        {
            console.Out.WriteLine(NumpyPrinter.Format(values));
        }
    }
}
