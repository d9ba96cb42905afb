namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A user's project in a folder of its own under the workspace, restored from the run's feed and
/// built, run and cleaned with real dotnet processes.
/// </summary>
internal sealed class ConsumerProject
{
    public const string DefaultNamespace = "E2E";

    private readonly EndToEndWorkspace _workspace;

    public ConsumerProject(EndToEndWorkspace workspace, string folder, string name = DefaultNamespace, bool withTensorDump = true, string targetFramework = "net10.0")
    {
        _workspace = workspace;
        Name = name;
        TargetFramework = targetFramework;
        Directory = workspace.NewFolder(folder);
        workspace.WriteNuGetConfig(Directory);
        if (withTensorDump)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumers", "TensorDump.cs"), Path.Combine(Directory, "TensorDump.cs"));
        }
    }

    public string Name { get; }

    /// <summary>The framework the project targets: its output folders are named after it, and <see cref="ProjectSpec"/> gets it from here.</summary>
    public string TargetFramework { get; }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", TargetFramework);

    /// <summary>Where the targets put the request, the output index, manifests and packed weights.</summary>
    public string GeneratedDirectory => Path.Combine(Directory, "obj", "Debug", TargetFramework, "checkpointgen");

    public void WriteProject(ProjectSpec spec) => File.WriteAllText(ProjectFile, spec.ToXml(_workspace.Version, TargetFramework));

    public void WriteProgram(string source) => File.WriteAllText(Path.Combine(Directory, "Program.cs"), source);

    /// <summary>A project of these items whose program dumps every generated class.</summary>
    public void WriteDumpingProject(params CheckpointItem[] items)
    {
        WriteProject(new ProjectSpec(items));
        WriteProgram(ConsumerProgram.Dump(items));
    }

    /// <summary>A path inside the project's folder (a copy of a checkpoint, typically).</summary>
    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public ProcessResult Build(params string[] arguments) =>
        DotnetCli.Run(Directory, DotnetCli.BuildTimeout, new[] { "build", ProjectFile, "-nodeReuse:false", "-nologo" }.Concat(arguments).ToArray());

    /// <summary>Builds, failing the test with the build's output if the build fails.</summary>
    public ProcessResult BuildSuccessfully(params string[] arguments)
    {
        var result = Build(arguments);
        Assert.True(result.Succeeded, "The consumer build failed.\n" + result);
        return result;
    }

    public ProcessResult Clean() =>
        DotnetCli.Run(Directory, DotnetCli.BuildTimeout, "clean", ProjectFile, "-nodeReuse:false", "-nologo");

    /// <summary>
    /// Runs the built application (no rebuild, unlike <c>dotnet run</c>). An app for an older
    /// framework rolls forward to the newest installed runtime when its own is not installed
    /// (the SDK's machine has only its own), and runs on its own where it is.
    /// </summary>
    public ProcessResult Run(params string[] arguments) =>
        DotnetCli.Run(Directory, DotnetCli.AppTimeout, new[] { "--roll-forward", "Major", Path.Combine(OutputDirectory, Name + ".dll") }.Concat(arguments).ToArray());

    /// <summary>Runs the built application and parses what TensorDump printed; fails the test on a non-zero exit.</summary>
    public TensorDumpOutput RunDump(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.Succeeded, "The consumer application failed.\n" + result);
        return TensorDumpOutput.Parse(result);
    }
}
