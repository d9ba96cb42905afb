using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>
/// TargetFrameworks="net8.0;net10.0" built with -m: the inner builds run in parallel, each in
/// its own obj/ folder, so each plans its items into its own files and neither races the other;
/// both applications read the right weights.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MultiTargetingTests
{
    private static readonly string[] Frameworks = { "net8.0", "net10.0" };

    private readonly EndToEndWorkspace _workspace;

    public MultiTargetingTests(EndToEndWorkspace workspace) => _workspace = workspace;

    [Fact]
    public void Both_target_frameworks_of_a_parallel_build_get_their_own_correct_classes()
    {
        var project = new ConsumerProject(_workspace, "multi-targeting");
        var items = new[]
        {
            new CheckpointItem(Fixtures.TwoShardPrefix, "TwoShard"),
            new CheckpointItem(Fixtures.TwoShardPrefix, "TwoShardLazy") { Mode = "Lazy" },
        };
        project.WriteProject(new ProjectSpec(items)
        {
            Properties = new Dictionary<string, string> { ["TargetFramework"] = string.Empty, ["TargetFrameworks"] = string.Join(';', Frameworks) },
        });
        project.WriteProgram(ConsumerProgram.Dump(items));

        project.BuildSuccessfully("-m:2");

        var weights = Fixtures.EstimatorWeights(Fixtures.TwoShard);
        foreach (var framework in Frameworks)
        {
            Assert.Single(Directory.GetFiles(Path.Combine(project.Directory, "obj", "Debug", framework, "checkpointgen"), "TwoShard.weights", SearchOption.AllDirectories));
            // Only the .NET 10 runtime is installed here; the net8.0 build runs on it by rolling forward.
            var run = DotnetCli.RunWith(
                new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" },
                "dotnet", project.Directory, Path.Combine(project.Directory, "bin", "Debug", framework, project.Name + ".dll"));
            Assert.True(run.Succeeded, run.ToString());
            var output = TensorDumpOutput.Parse(run);
            ListingAssert.Holds(Fixtures.TwoShard, output["TwoShard"], weights);
            ListingAssert.Holds(Fixtures.TwoShard, output["TwoShardLazy"], weights);
        }
    }
}
