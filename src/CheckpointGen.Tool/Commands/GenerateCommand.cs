using System.CommandLine;
using System.Globalization;
using CheckpointGen.Contracts;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Generation;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Selection;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>generate IN -o DIR [--class NAME] [--namespace NS] [--access public|internal] [--mode Embedded|Lazy] [--keep …] [--include …] [--exclude …] [--rename …] [--json]</c>:
/// the class a <c>&lt;Checkpoint&gt;</c> item generates, for projects that do not use the
/// MSBuild integration: <c>DIR/Class.g.cs</c> and, in Embedded mode, <c>DIR/Class.weights</c> to
/// embed under the printed LogicalName. The options are the item's metadata, planned by the
/// build's planner: a bad value is a usage error (exit 2) with the build's message.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "generate";

    public static Command Create(CliConsole console)
    {
        var input = CheckpointArgument.Create("IN");
        var directory = new Option<string>("--output", "-o") { Description = "The folder to write Class.g.cs (and Class.weights) to.", HelpName = "DIR", Required = true };
        var className = new Option<string>("--class") { Description = "The class name (default: from IN's file or folder name, PascalCased).", HelpName = "NAME" };
        var ns = new Option<string>("--namespace") { Description = "The namespace (default: none).", HelpName = "NS" };
        var access = new Option<string>("--access") { Description = "The class's accessibility (default: public).", HelpName = "public|internal" };
        var mode = new Option<string>("--mode")
        {
            Description = "Embedded (default): the weights go into the assembly as a resource; Lazy: the class memory-maps the checkpoint at run time.",
            HelpName = "Embedded|Lazy",
        };
        var rename = new Option<string[]>("--rename")
        {
            Description = "The identifier of a variable's property (or a scope's, NAME ending in '/'), as the Rename item metadata. Repeatable.",
            HelpName = "NAME=Identifier",
        };
        var filters = new VariableFilterOptions();
        var json = CommonOptions.Json();
        var command = new Command(Name, "Write the typed C# class the build generates for a checkpoint (and its weights, in Embedded mode), for use outside MSBuild.")
        {
            input, directory, className, ns, access, mode, rename,
        };
        filters.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var target = parse.GetValue(directory)!;
            if (string.IsNullOrWhiteSpace(target) || File.Exists(target))
            {
                throw new CommandFailedException(ExitCodes.Usage, $"--output '{target}' must name a folder to write the generated files to.");
            }
            var path = parse.GetValue(input)!;
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new CommandFailedException(ExitCodes.Usage, "The checkpoint path is empty; give a checkpoint prefix, file or folder.");
            }
            var metadata = new ItemMetadata(
                ClassName: parse.GetValue(className) ?? string.Empty,
                Namespace: parse.GetValue(ns) ?? string.Empty,
                Access: parse.GetValue(access) ?? string.Empty,
                Mode: parse.GetValue(mode) ?? string.Empty,
                Keep: parse.GetValue(filters.Keep)!,
                IncludeVariables: VariableFilterOptions.Patterns(parse, filters.Include),
                ExcludeVariables: VariableFilterOptions.Patterns(parse, filters.Exclude),
                Rename: string.Join(";", parse.GetValue(rename) ?? Array.Empty<string>()),
                CopyToOutput: "false");
            var request = new BuildRequest(
                path, Path.GetFullPath(path), ProjectFile: string.Empty, ProjectDirectory: Environment.CurrentDirectory,
                OutputDirectory: Path.GetFullPath(target), RootNamespace: string.Empty, metadata);
            var generated = OutputWriting.Run(request.OutputDirectory, request.OutputDirectory, () => CodeGenerator.Generate(request, console));
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, generated), () => WriteText(console.Out, generated));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteText(TextWriter output, GeneratedCode generated)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {generated.SourcePath}: class {generated.ClassName}, {generated.TensorCount} tensors"));
        var runtime = $"<PackageReference Include=\"CheckpointGen.Runtime\" Version=\"{typeof(Checkpoint).Assembly.GetName().Version?.ToString(3)}\" />";
        if (generated.WeightsPath is null)
        {
            output.WriteLine("The class memory-maps the checkpoint at run time: call Open(\"path/to/checkpoint\"). Add to the project:");
            output.WriteLine("  " + runtime);
            return;
        }
        output.WriteLine($"Wrote {generated.WeightsPath}: the weights, to embed under the resource name the class loads. Add to the project:");
        output.WriteLine($"  <EmbeddedResource Include=\"{generated.WeightsPath}\" LogicalName=\"{generated.ResourceName}\" />");
        output.WriteLine("  " + runtime);
    }

    private static void WriteJson(TextWriter output, GeneratedCode generated)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteString("class", generated.ClassName);
        writer.WriteString("source", generated.SourcePath);
        writer.WriteString("weights", generated.WeightsPath);
        writer.WriteString("resourceName", generated.ResourceName);
        writer.WriteNumber("tensors", generated.TensorCount);
        writer.WriteEndObject();
        sink.Complete();
    }
}
