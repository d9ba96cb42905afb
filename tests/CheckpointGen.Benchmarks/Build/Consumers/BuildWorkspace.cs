using System.Globalization;
using System.Security.Cryptography;
using CheckpointGen.Benchmarks.Support;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.Benchmarks.Build.Consumers;

/// <summary>
/// What the build benchmarks share, made once per process on first use: the CheckpointGen and
/// CheckpointGen.Runtime packages packed from a snapshot of the sources into a feed of this run,
/// at a version no earlier run used, and a 100 MiB checkpoint. Consumers restore into a packages
/// folder of this run, so nothing lands in the NuGet cache, and all of it is deleted at process exit.
/// </summary>
internal sealed class BuildWorkspace
{
    /// <summary>100 tensors of 1 MiB: 64-byte aligned already, so the packed weights are byte for byte the data file.</summary>
    private const int TensorCount = 100;
    private const int FloatsPerTensor = 256 * 1024;

    private static readonly string[] PackedProjects =
    {
        "src/CheckpointGen.Runtime/CheckpointGen.Runtime.csproj",
        "src/CheckpointGen/CheckpointGen.csproj",
    };

    private static readonly Lazy<BuildWorkspace> Shared = new(Create);

    private readonly string _root;
    private readonly Lazy<IReadOnlyList<GeneratedCheckpoint>> _three;

    private BuildWorkspace(string root, string version, GeneratedCheckpoint checkpoint)
    {
        _root = root;
        Version = version;
        Checkpoint = checkpoint;
        _three = new Lazy<IReadOnlyList<GeneratedCheckpoint>>(() => new[] { checkpoint }.Concat(Enumerable.Range(0, 2).Select(_ => GeneratedCheckpoint.Write(TensorCount, FloatsPerTensor))).ToList());
    }

    public static BuildWorkspace Instance => Shared.Value;

    /// <summary>The packages' version, fresh for this run.</summary>
    public string Version { get; }

    /// <summary>The 100 MiB checkpoint every consumer builds from.</summary>
    public GeneratedCheckpoint Checkpoint { get; }

    /// <summary>Three 100 MiB checkpoints (the first is <see cref="Checkpoint"/>), written on first use.</summary>
    public IReadOnlyList<GeneratedCheckpoint> ThreeCheckpoints => _three.Value;

    public string Feed => Path.Combine(_root, "feed");

    /// <summary>Where consumers restore their packages.</summary>
    public string Packages => Path.Combine(_root, "packages");

    public string ConsumersFolder => Path.Combine(_root, "consumers");

    /// <summary>The first float of the checkpoint as the consumers print it: what a correct build's program prints.</summary>
    public string FirstWeight()
    {
        using var data = File.OpenRead(Checkpoint.DataFile);
        var bytes = new byte[sizeof(float)];
        data.ReadExactly(bytes);
        return BitConverter.ToSingle(bytes).ToString("R", CultureInfo.InvariantCulture);
    }

    private static BuildWorkspace Create()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var root = Path.Combine(Path.GetTempPath(), $"checkpointgen-build-benchmarks-{stamp}-{random}");
        // SemVer: a numeric identifier must not start with 0, so the random part gets a letter.
        var workspace = new BuildWorkspace(root, $"1.0.0-bench.{stamp}.r{random}", GeneratedCheckpoint.Write(TensorCount, FloatsPerTensor));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => workspace.Delete();

        Directory.CreateDirectory(workspace.ConsumersFolder);
        // Keeps MSBuild from importing a Directory.Build.* file that happens to sit above the temporary folder.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
        {
            File.WriteAllText(Path.Combine(root, name), "<Project />\n");
        }
        var source = Path.Combine(root, "source");
        SourceSnapshot.CopyTo(source);
        foreach (var project in PackedProjects)
        {
            Dotnet.Run(source, "pack", project, "-c", "Release", "-o", workspace.Feed, $"-p:Version={workspace.Version}", "-nodeReuse:false", "-nologo");
        }
        return workspace;
    }

    private void Delete()
    {
        foreach (var checkpoint in _three.IsValueCreated ? _three.Value : new[] { Checkpoint })
        {
            checkpoint.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }
}
