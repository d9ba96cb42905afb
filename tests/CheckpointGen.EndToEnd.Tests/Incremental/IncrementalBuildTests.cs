using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>A no-op build does no work; a change to an item's metadata or to the checkpoint's files regenerates.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class IncrementalBuildTests
{
    private readonly IncrementalConsumer _consumer;

    public IncrementalBuildTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new IncrementalConsumer(w));

    [Fact]
    public void A_second_build_runs_neither_the_worker_nor_the_compiler()
    {
        _consumer.Reset();
        var before = _consumer.GeneratedFiles();

        var build = _consumer.DetailedBuild();

        Assert.Contains("Skipping target \"CheckpointGenGenerate\" because all output files are up-to-date with respect to the input files.", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building target \"CheckpointGenGenerate\"", build.Output, StringComparison.Ordinal);
        Assert.Contains("Skipping target \"CoreCompile\" because all output files are up-to-date with respect to the input files.", build.Output, StringComparison.Ordinal);
        Assert.Contains(before.Keys, f => f.EndsWith(".cgplan", StringComparison.Ordinal));
        Assert.Equal(before, _consumer.GeneratedFiles());
    }

    [Fact]
    public void Changing_item_metadata_regenerates()
    {
        _consumer.Reset();
        _consumer.Project.WriteDumpingProject(IncrementalConsumer.Taxi with { Keep = "All" }, IncrementalConsumer.Latest, IncrementalConsumer.TaxiLazy);

        var build = _consumer.DetailedBuild();

        IncrementalConsumer.AssertRegenerated(build, "checkpointgen.request");
        var listing = Fixtures.FiveSteps(10000);
        ListingAssert.Holds(listing, _consumer.Project.RunDump("Taxi")["Taxi"], Fixtures.AllNames(listing));
    }

    [Fact]
    public void Touching_a_checkpoint_file_regenerates()
    {
        _consumer.Reset();
        File.SetLastWriteTimeUtc(_consumer.CheckpointFile("model.ckpt-10000.data-00000-of-00001"), DateTime.UtcNow);

        var build = _consumer.DetailedBuild();

        IncrementalConsumer.AssertRegenerated(build, "model.ckpt-10000.data-00000-of-00001");
    }

    [Fact]
    public void Replacing_the_checkpoint_compiles_and_copies_the_new_weights()
    {
        _consumer.Reset();
        foreach (var suffix in new[] { ".index", ".data-00000-of-00001", ".meta" })
        {
            var target = _consumer.CheckpointFile("model.ckpt-10000" + suffix);
            File.Copy(_consumer.CheckpointFile("model.ckpt-9990" + suffix), target, overwrite: true);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        }

        var build = _consumer.DetailedBuild();

        IncrementalConsumer.AssertRegenerated(build, "model.ckpt-10000.");
        var replaced = Fixtures.FiveSteps(9990);
        var output = _consumer.Project.RunDump();
        ListingAssert.Holds(replaced, output["Taxi"], Fixtures.EstimatorWeights(replaced));
        ListingAssert.Holds(replaced, output["TaxiLazy"], Fixtures.EstimatorWeights(replaced));
    }

    [Fact]
    public void Pointing_the_state_file_at_another_step_regenerates_the_folder_item()
    {
        _consumer.Reset();
        _consumer.PointStateFileAt(9990);

        var build = _consumer.DetailedBuild();

        IncrementalConsumer.AssertRegenerated(build, IncrementalConsumer.Folder + "/checkpoint");
        var output = _consumer.Project.RunDump();
        ListingAssert.Holds(Fixtures.FiveSteps(9990), output["Latest"], Fixtures.EstimatorWeights(Fixtures.FiveSteps(9990)));
        ListingAssert.Holds(Fixtures.FiveSteps(10000), output["Taxi"], Fixtures.EstimatorWeights(Fixtures.FiveSteps(10000)));
    }
}
