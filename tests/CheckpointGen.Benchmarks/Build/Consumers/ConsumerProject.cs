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
/// <c>dotnet build --no-restore -c Release</c>. The two kinds differ only in the one item that
/// brings the weights: both reference the CheckpointGen package, embed the same 100 MiB under the
/// same resource name, and have the same Program.cs, which prints the first weight.
/// </summary>
internal sealed class ConsumerProject
{
    private const string ProjectFile = "Consumer.csproj";

    /// <summary>The name the targets give the weights of class Network in namespace Consumer.</summary>
    private const string ResourceName = "Consumer.Network.weights";

    private const string Program = $$"""
        using System.Globalization;

        using var weights = typeof(Program).Assembly.GetManifestResourceStream("{{ResourceName}}")
            ?? throw new InvalidOperationException("The weights resource is missing.");
        var first = new byte[sizeof(float)];
        weights.ReadExactly(first);
        Console.WriteLine(BitConverter.ToSingle(first).ToString("R", CultureInfo.InvariantCulture));
        """;

    private readonly string _directory;

    private ConsumerProject(string directory) => _directory = directory;

    /// <summary>
    /// Writes, restores (from this run's feed, into its packages folder) and builds the project,
    /// and checks that the program prints the checkpoint's first weight: a benchmark must never
    /// time a build that does not work.
    /// </summary>
    public static ConsumerProject Create(WeightsSource source, string folder)
    {
        var workspace = BuildWorkspace.Instance;
        var directory = Path.Combine(workspace.ConsumersFolder, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectFile), ProjectXml(source, workspace));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
        Dotnet.Run(directory, "restore", ProjectFile, $"-p:RestoreAdditionalProjectSources={workspace.Feed}", $"-p:RestorePackagesPath={workspace.Packages}", "-nodeReuse:false", "-nologo");
        var project = new ConsumerProject(directory);
        project.Build();
        var printed = Dotnet.Run(directory, Path.Combine("bin", "Release", "net10.0", "Consumer.dll")).Trim();
        if (printed != workspace.FirstWeight())
        {
            throw new InvalidOperationException($"The {source} consumer printed '{printed}', not the checkpoint's first weight {workspace.FirstWeight()}.");
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

    private static string ProjectXml(WeightsSource source, BuildWorkspace workspace)
    {
        var weights = source == WeightsSource.CheckpointItem
            ? $"""<Checkpoint Include="{workspace.Checkpoint.Prefix}" ClassName="Network" />"""
            : $"""<EmbeddedResource Include="{workspace.Checkpoint.DataFile}" LogicalName="{ResourceName}" />""";
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
