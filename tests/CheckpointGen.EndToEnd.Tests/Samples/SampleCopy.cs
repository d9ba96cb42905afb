using CheckpointGen.EndToEnd.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Samples;

/// <summary>
/// A copy of samples/ (without bin/ and obj/) whose nuget.config points at the run's feed, built
/// with the run's version as CheckpointGenVersion: the samples as a user who cloned the
/// repository builds them, and nothing written into the working tree.
/// </summary>
internal sealed class SampleCopy
{
    public SampleCopy(EndToEndWorkspace workspace)
    {
        Version = workspace.Version;
        Directory = workspace.NewFolder("samples");
        Copy(Path.Combine(FixturePaths.RepoRoot, "samples"), Directory);
        workspace.WriteNuGetConfig(Directory);
    }

    public string Directory { get; }

    public string Version { get; }

    public string VersionProperty => $"-p:CheckpointGenVersion={Version}";

    /// <summary>`dotnet run` of a sample in Release, as eng/sample.sh does.</summary>
    public ProcessResult Run(string sample) =>
        DotnetCli.Run(Directory, DotnetCli.BuildTimeout, "run", "--project", Path.Combine(sample, sample + ".csproj"), "-c", "Release", "--property:CheckpointGenVersion=" + Version);

    private static void Copy(string source, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var file in System.IO.Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }
        foreach (var folder in System.IO.Directory.GetDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            Copy(folder, Path.Combine(destination, Path.GetFileName(folder)));
        }
    }
}
