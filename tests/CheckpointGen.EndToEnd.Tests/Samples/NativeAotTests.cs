using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Samples;

/// <summary>The Embedded sample published with NativeAOT: no trimming or AOT warnings, and the native executable reads its weights.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NativeAotTests
{
    private const string Sample = "HalfPlusTwo.Aot";

    private readonly SampleCopy _samples;

    public NativeAotTests(EndToEndWorkspace workspace) => _samples = workspace.Shared(w => new SampleCopy(w));

    [Fact]
    public void The_aot_sample_publishes_without_warnings_and_runs_natively()
    {
        AssertNativeToolchain();
        var publishDirectory = Path.Combine(_samples.Directory, "publish-aot");

        var publish = DotnetCli.Run(_samples.Directory, DotnetCli.BuildTimeout,
            "publish", Path.Combine(Sample, Sample + ".csproj"), "-c", "Release", "-r", "linux-x64", "-o", publishDirectory,
            _samples.VersionProperty, "-nodeReuse:false", "-nologo");

        Assert.True(publish.Succeeded, publish.ToString());
        Assert.DoesNotContain(publish.AllOutput.Split('\n'), l => l.Contains("warning IL", StringComparison.Ordinal));
        // A framework-dependent or self-contained publish would put the app's, the runtime's and Google.Protobuf's assemblies here.
        Assert.Empty(Directory.GetFiles(publishDirectory, "*.dll"));
        SampleTests.AssertHalfPlusTwo(DotnetCli.RunExecutable(Path.Combine(publishDirectory, Sample), publishDirectory));
    }

    /// <summary>NativeAOT links with the system's clang and zlib; without them the publish fails with a less helpful message.</summary>
    private static void AssertNativeToolchain()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        var missing = new List<string>();
        if (!path.Any(p => File.Exists(Path.Combine(p, "clang"))))
        {
            missing.Add("clang");
        }
        if (!File.Exists("/usr/include/zlib.h"))
        {
            missing.Add("zlib1g-dev");
        }
        Assert.True(missing.Count == 0, $"NativeAOT publishing needs {string.Join(" and ", missing)}: run `. eng/install-prereqs.sh` first.");
    }
}
