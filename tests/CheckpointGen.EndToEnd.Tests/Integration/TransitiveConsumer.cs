using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>
/// A library with the PackageReference and a public Embedded class, built with every strictness
/// a library author turns on, and an application that references only the library project yet
/// has a &lt;Checkpoint&gt; item of its own. Built once, through the application.
/// </summary>
internal sealed class TransitiveConsumer
{
    public const string LibraryNamespace = "E2E.Lib";

    public static readonly CheckpointItem LibraryItem = new(Fixtures.KerasSavedModel, "Keras") { Access = "public" };

    public static readonly CheckpointItem AppItem = new(Fixtures.TwoShardPrefix, "TwoShard") { Access = "internal" };

    public TransitiveConsumer(EndToEndWorkspace workspace)
    {
        Library = new ConsumerProject(workspace, "transitive/Lib", "Lib", withTensorDump: false);
        Library.WriteProject(new ProjectSpec(new[] { LibraryItem })
        {
            OutputType = "Library",
            RootNamespace = LibraryNamespace,
            Properties = new Dictionary<string, string>
            {
                ["GenerateDocumentationFile"] = "true",
                ["WarningLevel"] = "9999",
                ["AnalysisLevel"] = "latest-recommended",
                ["EnforceCodeStyleInBuild"] = "true",
            },
        });
        App = new ConsumerProject(workspace, "transitive/App", "App");
        App.WriteProject(new ProjectSpec(new[] { AppItem }) { ReferencesPackage = false, ProjectReferences = new[] { "../Lib/Lib.csproj" } });
        App.WriteProgram(ConsumerProgram.Dump(new[] { AppItem, LibraryItem }, LibraryNamespace));
        Build = App.BuildSuccessfully();
        Output = App.RunDump();
    }

    public ConsumerProject Library { get; }

    public ConsumerProject App { get; }

    /// <summary>The first build of both projects.</summary>
    public ProcessResult Build { get; }

    public TensorDumpOutput Output { get; }
}
