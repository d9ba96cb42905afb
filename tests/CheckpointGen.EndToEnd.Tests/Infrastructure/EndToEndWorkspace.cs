using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Once per test run: a temporary folder holding a snapshot of the sources, the four packages
/// packed from it at a version no earlier run used (so neither the NuGet cache nor an old feed
/// can serve a stale copy), and the consumer projects the tests write. Deleted at the end, with
/// the packages' copies in the NuGet cache; set CHECKPOINTGEN_E2E_KEEP=1 to keep it for a look.
/// </summary>
public sealed class EndToEndWorkspace : IDisposable
{
    private static readonly string[] PackageIds = { "CheckpointGen.Runtime.Accessors", "CheckpointGen.Runtime", "CheckpointGen.Inference", "CheckpointGen" };

    private readonly ConcurrentDictionary<Type, Lazy<object>> _shared = new();

    public EndToEndWorkspace(IMessageSink messages)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        // SemVer: a numeric identifier must not start with 0, so the random part gets a letter.
        Version = $"1.0.0-e2e.{stamp}.r{random}";
        Root = Path.Combine(Path.GetTempPath(), $"checkpointgen-e2e-{stamp}-{random}");
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        WriteBoundaryFiles();

        var source = Path.Combine(Root, "source");
        SourceSnapshot.CopyTo(source);
        foreach (var id in PackageIds)
        {
            var project = $"src/{id}/{id}.csproj";
            var pack = DotnetCli.Run(source, DotnetCli.BuildTimeout,
                "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nodeReuse:false", "-nologo");
            PackTime += pack.Elapsed;
            if (!pack.Succeeded)
            {
                throw new InvalidOperationException("Packing the packages for the end-to-end tests failed.\n" + pack);
            }
        }
        messages.OnMessage(new DiagnosticMessage($"CheckpointGen e2e: packed {Version} into {Feed} in {PackTime.TotalSeconds:F0} s"));
    }

    /// <summary>The fresh package version of this run.</summary>
    public string Version { get; }

    /// <summary>The folder that holds everything this run writes.</summary>
    public string Root { get; }

    /// <summary>The local feed with exactly this run's four packages.</summary>
    public string Feed { get; }

    public TimeSpan PackTime { get; }

    /// <summary>The NuGet global packages folder, where consumers' restores extract this run's packages.</summary>
    public static string PackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>A new empty folder for a consumer project.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, name);
        if (Directory.Exists(path))
        {
            throw new InvalidOperationException($"Two consumers want the folder {name}.");
        }
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Something built once and used by several test classes (a consumer project built once,
    /// then run with different arguments). A failure is remembered, not retried by every test.
    /// </summary>
    public T Shared<T>(Func<EndToEndWorkspace, T> create)
        where T : class =>
        (T)_shared.GetOrAdd(typeof(T), _ => new Lazy<object>(() => create(this))).Value;

    /// <summary>
    /// The restore sources of a consumer: this run's feed for CheckpointGen packages (and only
    /// for them), the machine's configured nuget.org for everything else.
    /// </summary>
    public void WriteNuGetConfig(string directory) => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="checkpointgen-e2e" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="checkpointgen-e2e">
              <package pattern="CheckpointGen" />
              <package pattern="CheckpointGen.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CHECKPOINTGEN_E2E_KEEP") == "1")
        {
            return;
        }
        Directory.Delete(Root, recursive: true);
        foreach (var id in PackageIds)
        {
            var extracted = Path.Combine(PackagesFolder, id.ToLowerInvariant(), Version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    /// <summary>Keeps MSBuild from importing a Directory.Build.* file that happens to sit above the temporary folder.</summary>
    private void WriteBoundaryFiles()
    {
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
        {
            File.WriteAllText(Path.Combine(Root, name), "<Project />\n");
        }
    }
}
