using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Frameworks;

/// <summary>
/// A float16 and bfloat16 checkpoint, written by a program using the packed runtime, and the
/// consumers that compile it on each framework the runtime targets: a net8.0 app, a net10.0
/// app, and a netstandard2.0 library used by a net10.0 app. Built and run once.
/// </summary>
internal sealed class HalfPrecisionConsumers
{
    public const string ClassName = "HalfModel";

    public HalfPrecisionConsumers(EndToEndWorkspace workspace)
    {
        var writer = new ConsumerProject(workspace, "frameworks/Writer", "Writer", withTensorDump: false);
        writer.WriteProject(new ProjectSpec(Array.Empty<CheckpointItem>()));
        CopySource(writer, "Writer.cs", "Program.cs");
        writer.BuildSuccessfully();
        Prefix = Path.Combine(workspace.Root, "frameworks", "checkpoint", "model");
        Directory.CreateDirectory(Path.GetDirectoryName(Prefix)!);
        var written = writer.Run(Prefix);
        Assert.True(written.Succeeded, "Writing the float16 checkpoint failed.\n" + written);

        Net8 = App(workspace, "net8.0");
        Net10 = App(workspace, "net10.0");

        Library = new ConsumerProject(workspace, "frameworks/Lib", "Lib", withTensorDump: false, targetFramework: "netstandard2.0");
        Library.WriteProject(new ProjectSpec(new[] { new CheckpointItem(Prefix, "LibHalfModel") })
        {
            OutputType = "Library",
            RootNamespace = "E2E.Lib",
            // A netstandard2.0 library as `dotnet new classlib -f netstandard2.0` has it: C# 7.3.
            Properties = new Dictionary<string, string> { ["Nullable"] = "disable", ["ImplicitUsings"] = "disable" },
        });
        CopySource(Library, "LibValues.cs", "LibValues.cs");
        LibraryApp = new ConsumerProject(workspace, "frameworks/LibApp", "LibApp", withTensorDump: false);
        LibraryApp.WriteProject(new ProjectSpec(Array.Empty<CheckpointItem>()) { ReferencesPackage = false, ProjectReferences = new[] { "../Lib/Lib.csproj" } });
        CopySource(LibraryApp, "LibApp.cs", "Program.cs");
        LibraryApp.BuildSuccessfully();
        LibraryAppRun = LibraryApp.Run();
    }

    /// <summary>The checkpoint's prefix.</summary>
    public string Prefix { get; }

    public Consumer Net8 { get; }

    public Consumer Net10 { get; }

    public ConsumerProject Library { get; }

    public ConsumerProject LibraryApp { get; }

    public ProcessResult LibraryAppRun { get; }

    private Consumer App(EndToEndWorkspace workspace, string targetFramework)
    {
        var project = new ConsumerProject(workspace, "frameworks/App-" + targetFramework, "App", withTensorDump: false, targetFramework: targetFramework);
        project.WriteProject(new ProjectSpec(new[] { new CheckpointItem(Prefix, ClassName) }));
        CopySource(project, "AppReader.cs", "Program.cs");
        return new Consumer(project, project.Build(), project.Run());
    }

    private static void CopySource(ConsumerProject project, string source, string target) =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumers", "HalfPrecision", source), project.PathOf(target));

    /// <summary>An app, its build and its run (a run of a failed build fails too, and says so).</summary>
    public sealed record Consumer(ConsumerProject Project, ProcessResult Build, ProcessResult Run);
}
