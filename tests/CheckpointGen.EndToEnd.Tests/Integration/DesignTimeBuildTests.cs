using System.Text.Json;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>
/// An IDE's design-time build (the Compile target with DesignTimeBuild and SkipCompilerExecution,
/// which resolves references and analyzers and yields the compiler's command line without
/// compiling) generates the manifests and hands them and the generator to the compiler, so
/// IntelliSense sees the generated classes before any real build. It packs no weights and reads
/// no tensor; the next real build does.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DesignTimeBuildTests
{
    private readonly TransitiveConsumer _consumer;

    public DesignTimeBuildTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new TransitiveConsumer(w));

    [Fact]
    public void A_design_time_build_passes_the_manifest_and_the_generator_to_the_compiler()
    {
        var library = _consumer.Library;
        Directory.Delete(library.GeneratedDirectory, recursive: true);

        var build = DotnetCli.Run(library.Directory, DotnetCli.BuildTimeout,
            "msbuild", library.ProjectFile, "-t:Compile", "-nodeReuse:false", "-nologo",
            "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-p:BuildProjectReferences=false",
            "-getItem:AdditionalFiles", "-getItem:CscCommandLineArgs");

        Assert.True(build.Succeeded, build.ToString());
        using var json = JsonDocument.Parse(build.Output[build.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var items = json.RootElement.GetProperty("Items");
        var manifest = Assert.Single(items.GetProperty("AdditionalFiles").EnumerateArray(), i => i.TryGetProperty("CheckpointGenManifest", out var m) && m.GetString() == "true");
        var manifestPath = manifest.GetProperty("FullPath").GetString()!;
        Assert.StartsWith(library.GeneratedDirectory, manifestPath, StringComparison.Ordinal);
        Assert.True(File.Exists(manifestPath), manifestPath + " was not written by the design-time build");
        var arguments = items.GetProperty("CscCommandLineArgs").EnumerateArray().Select(a => a.GetProperty("Identity").GetString()!).ToList();
        Assert.Contains("/additionalfile:" + manifestPath, arguments);
        Assert.Contains(arguments, a => a.StartsWith("/analyzer:", StringComparison.Ordinal) && a.EndsWith("CheckpointGen.Generators.dll", StringComparison.Ordinal));
        Assert.Empty(Weights(library));

        library.BuildSuccessfully();

        Assert.Single(Weights(library));
    }

    private static string[] Weights(ConsumerProject project) => Directory.GetFiles(project.GeneratedDirectory, "*.weights", SearchOption.AllDirectories);
}
