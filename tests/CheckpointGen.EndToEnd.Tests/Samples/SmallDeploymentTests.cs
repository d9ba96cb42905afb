using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Samples;

/// <summary>
/// The CheckpointGen package brings only CheckpointGen.Runtime.Accessors: an app whose weights
/// are all embedded ships neither the full reader nor Google.Protobuf, and a Lazy class without
/// the full reader is a clear build error (CG2003) rather than a missing type.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SmallDeploymentTests
{
    private readonly EndToEndWorkspace _workspace;
    private readonly SampleCopy _samples;

    public SmallDeploymentTests(EndToEndWorkspace workspace)
    {
        _workspace = workspace;
        _samples = workspace.Shared(w => new SampleCopy(w));
    }

    [Fact]
    public void The_embedded_sample_publishes_without_protobuf_or_the_full_reader_and_runs()
    {
        var publishDirectory = Path.Combine(_samples.Directory, "publish-regression");

        var publish = DotnetCli.Run(_samples.Directory, DotnetCli.BuildTimeout,
            "publish", Path.Combine("Regression", "Regression.csproj"), "-c", "Release", "-o", publishDirectory,
            _samples.VersionProperty, "-nodeReuse:false", "-nologo");

        Assert.True(publish.Succeeded, publish.ToString());
        var assemblies = Directory.GetFiles(publishDirectory, "*.dll").Select(Path.GetFileName).ToList();
        Assert.Contains("CheckpointGen.Runtime.Accessors.dll", assemblies);
        Assert.DoesNotContain("Google.Protobuf.dll", assemblies);
        Assert.DoesNotContain("CheckpointGen.Runtime.dll", assemblies);
        var run = DotnetCli.Run(publishDirectory, DotnetCli.AppTimeout, Path.Combine(publishDirectory, "Regression.dll"));
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("W = 0.21396178", run.OutputLines);
    }

    [Fact]
    public void A_lazy_class_without_the_full_reader_is_CG2003()
    {
        var project = new ConsumerProject(_workspace, "accessors-only", withTensorDump: false);
        project.WriteProject(new ProjectSpec(new[] { new CheckpointItem(Fixtures.TwoShardPrefix, "Taxi") { Mode = "Lazy" } }) { ReferencesFullRuntime = false });
        project.WriteProgram("Console.WriteLine(0);\n");

        var build = project.Build();

        var error = BuildDiagnostic.SingleError(build, "CG2003");
        Assert.Contains("E2E.Taxi", error.Message, StringComparison.Ordinal);
        Assert.Contains("CheckpointGen.Runtime", error.Message, StringComparison.Ordinal);
    }
}
