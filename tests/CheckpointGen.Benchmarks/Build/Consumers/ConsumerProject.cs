using CheckpointGen.Benchmarks.Support;

namespace CheckpointGen.Benchmarks.Build.Consumers;

/// <summary>How a consumer gets the 100 MiB of weights into its assembly.</summary>
internal enum WeightsSource
{
    /// <summary>The checkpoint's data file as a plain EmbeddedResource: what csc costs with no CheckpointGen work.</summary>
    EmbeddedResource,

    /// <summary>The checkpoint as a &lt;Checkpoint&gt; item in Embedded mode: worker, generator and the same csc work.</summary>
    CheckpointItem,
}

/// <summary>
/// A user's console project in a folder of its own, restored once and built with
/// <c>dotnet build --no-restore -c Release</c>. The two kinds differ only in the items that
/// bring the weights (one, or three 100 MiB checkpoints): both reference the CheckpointGen
/// package, embed the same bytes under the same resource names, and have the same Program.cs,
/// which prints the first weight of each resource.
/// </summary>
internal sealed class ConsumerProject
{
    private const string ProjectFile = "Consumer.csproj";

    /// <summary>Prints the first float of every resource: the targets name the weights of class C in namespace Consumer "Consumer.C.weights".</summary>
    private const string Program = """
        using System.Globalization;

        foreach (var name in typeof(Program).Assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            using var weights = typeof(Program).Assembly.GetManifestResourceStream(name)!;
            var first = new byte[sizeof(float)];
            weights.ReadExactly(first);
            Console.WriteLine(BitConverter.ToSingle(first).ToString("R", CultureInfo.InvariantCulture));
        }
        """;

    private readonly string _directory;

    private ConsumerProject(string directory, IReadOnlyList<GeneratedCheckpoint> checkpoints)
    {
        _directory = directory;
        Checkpoints = checkpoints;
    }

    /// <summary>The checkpoints whose weights the project embeds.</summary>
    public IReadOnlyList<GeneratedCheckpoint> Checkpoints { get; }

    /// <summary>
    /// Writes, restores (from this run's feed, into its packages folder) and builds the project,
    /// and checks that the program prints the checkpoint's first weight: a benchmark must never
    /// time a build that does not work.
    /// </summary>
    public static ConsumerProject Create(WeightsSource source, string folder, int items = 1)
    {
        var workspace = BuildWorkspace.Instance;
        var checkpoints = items == 1 ? new[] { workspace.Checkpoint } : workspace.ThreeCheckpoints.Take(items).ToArray();
        var directory = Path.Combine(workspace.ConsumersFolder, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectFile), ProjectXml(source, workspace, checkpoints));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
        Dotnet.Run(directory, "restore", ProjectFile, $"-p:RestoreAdditionalProjectSources={workspace.Feed}", $"-p:RestorePackagesPath={workspace.Packages}", "-nodeReuse:false", "-nologo");
        var project = new ConsumerProject(directory, checkpoints);
        project.Build();
        var printed = Dotnet.Run(directory, Path.Combine("bin", "Release", "net10.0", "Consumer.dll")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (printed.Length != checkpoints.Length || printed.Any(p => p != workspace.FirstWeight()))
        {
            throw new InvalidOperationException($"The {source} consumer printed '{string.Join(", ", printed)}', not the first weight {workspace.FirstWeight()} of each of its {checkpoints.Length} checkpoints.");
        }
        return project;
    }

    public void Build() =>
        Dotnet.Run(_directory, "build", ProjectFile, "--no-restore", "-c", "Release", "-nodeReuse:false", "-nologo", "-v:q");

    /// <summary>Deletes bin/ and obj/Release/, everything a build writes; restore's files in obj/ stay.</summary>
    public void DeleteOutputs()
    {
        foreach (var folder in new[] { "bin", Path.Combine("obj", "Release") })
        {
            var path = Path.Combine(_directory, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    public void Delete() => Directory.Delete(_directory, recursive: true);

    /// <summary>Marks one checkpoint's files as changed, as saving a new step over it would.</summary>
    public void Touch(int checkpoint)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Checkpoints[checkpoint].Prefix)!))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        }
    }

    /// <summary>Classes Network (one checkpoint) or Network0, Network1, Network2, with the resource names the targets give them.</summary>
    private static string ProjectXml(WeightsSource source, BuildWorkspace workspace, IReadOnlyList<GeneratedCheckpoint> checkpoints)
    {
        var weights = string.Join("\n    ", checkpoints.Select((c, i) =>
        {
            var className = checkpoints.Count == 1 ? "Network" : "Network" + i;
            return source == WeightsSource.CheckpointItem
                ? $"""<Checkpoint Include="{c.Prefix}" ClassName="{className}" />"""
                : $"""<EmbeddedResource Include="{c.DataFile}" LogicalName="Consumer.{className}.weights" />""";
        }));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>Consumer</RootNamespace>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CheckpointGen" Version="{workspace.Version}" />
                {weights}
              </ItemGroup>
            </Project>
            """;
    }
}
