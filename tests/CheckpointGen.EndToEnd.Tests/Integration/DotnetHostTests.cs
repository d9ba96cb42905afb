using System.Text.Json;
using System.Text.Json.Nodes;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>
/// The worker runs where the build was not started by the dotnet CLI. Visual Studio's .NET
/// Framework MSBuild sets no DOTNET_HOST_PATH and need not have dotnet on PATH; MSBuild.dll run
/// by the host directly, with that variable removed and PATH emptied, is the same situation on
/// this machine. And the worker, built for .NET 10, runs on whatever newer runtime is installed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DotnetHostTests
{
    private readonly EndToEndWorkspace _workspace;
    private readonly ScratchConsumer _scratch;

    public DotnetHostTests(EndToEndWorkspace workspace)
    {
        _workspace = workspace;
        _scratch = workspace.Shared(w => new ScratchConsumer(w));
    }

    [Fact]
    public void Builds_without_DOTNET_HOST_PATH_and_without_dotnet_on_PATH()
    {
        var project = _scratch.Project;
        var item = new CheckpointItem(Fixtures.TwoShardPrefix, "NoHostPath");
        project.WriteProject(new ProjectSpec(new[] { item }));
        project.WriteProgram(ConsumerProgram.Dump(new[] { item }));
        var sdk = SdkPaths(project);
        Assert.True(DotnetCli.Run(project.Directory, DotnetCli.BuildTimeout, "restore", project.ProjectFile, "-nologo").Succeeded);
        var emptyPath = _workspace.NewFolder("empty-path");

        var build = DotnetCli.RunWith(
            new Dictionary<string, string?> { ["DOTNET_HOST_PATH"] = null, ["PATH"] = emptyPath, ["DOTNET_ROOT"] = null },
            sdk.Host, project.Directory, Path.Combine(sdk.MSBuildBinPath, "MSBuild.dll"), project.ProjectFile, "-nodeReuse:false", "-nologo", "-p:UseSharedCompilation=false", "-v:n");

        Assert.True(build.Succeeded, build.ToString());
        // ToolTask logs the worker's command line: the host was found, with its full path.
        Assert.Contains(sdk.Host + " exec ", build.Output, StringComparison.Ordinal);
        ListingAssert.Holds(Fixtures.TwoShard, project.RunDump()["NoHostPath"], Fixtures.EstimatorWeights(Fixtures.TwoShard));
    }

    [Fact]
    public void The_worker_rolls_forward_to_a_newer_major_runtime()
    {
        var worker = Path.Combine(EndToEndWorkspace.PackagesFolder, "checkpointgen", _workspace.Version, "tools", "net10.0");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(worker, "CheckpointGen.Build.runtimeconfig.json")))!;
        Assert.Equal("Major", (string?)config["runtimeOptions"]!["rollForward"]);

        // Only .NET 10 is installed here; a worker that asks for .NET 9 stands for one that asks
        // for .NET 10 on a machine with only a later runtime.
        var copy = _workspace.NewFolder("worker-net9");
        foreach (var file in Directory.GetFiles(worker))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        config["runtimeOptions"]!["framework"]!["version"] = "9.0.0";
        File.WriteAllText(Path.Combine(copy, "CheckpointGen.Build.runtimeconfig.json"), config.ToJsonString());

        var run = DotnetCli.Run(copy, DotnetCli.AppTimeout, "exec", Path.Combine(copy, "CheckpointGen.Build.dll"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: CheckpointGen.Build", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The SDK the consumer builds with: its MSBuild folder and the dotnet host beside it.</summary>
    private static (string MSBuildBinPath, string Host) SdkPaths(ConsumerProject project)
    {
        var query = DotnetCli.Run(project.Directory, DotnetCli.BuildTimeout, "msbuild", project.ProjectFile, "-nologo", "-getProperty:MSBuildBinPath", "-getProperty:NetCoreRoot");
        Assert.True(query.Succeeded, query.ToString());
        using var json = JsonDocument.Parse(query.Output);
        var properties = json.RootElement.GetProperty("Properties");
        var root = properties.GetProperty("NetCoreRoot").GetString()!;
        return (properties.GetProperty("MSBuildBinPath").GetString()!, Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
    }
}
