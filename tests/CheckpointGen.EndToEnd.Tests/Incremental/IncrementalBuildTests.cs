using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>
/// A no-op build does no work; a change to an item's metadata or to the checkpoint's files
/// plans that item again, and only the items it concerns.
/// </summary>
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

        Assert.Contains("Skipping target \"CheckpointGenFindStale\" because all output files are up-to-date with respect to the input files.", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building target \"CheckpointGenFindStale\"", build.Output, StringComparison.Ordinal);
        Assert.Empty(IncrementalConsumer.PlannedClasses(build));
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
        Assert.Equal(new[] { "Taxi" }, IncrementalConsumer.PlannedClasses(build));
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
        // The folder item reads model.ckpt-10000 too (its state file names that step).
        Assert.Equal(new[] { "Latest", "Taxi", "TaxiLazy" }, IncrementalConsumer.PlannedClasses(build));
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
        Assert.Equal(new[] { "Latest" }, IncrementalConsumer.PlannedClasses(build));
        var output = _consumer.Project.RunDump();
        ListingAssert.Holds(Fixtures.FiveSteps(9990), output["Latest"], Fixtures.EstimatorWeights(Fixtures.FiveSteps(9990)));
        ListingAssert.Holds(Fixtures.FiveSteps(10000), output["Taxi"], Fixtures.EstimatorWeights(Fixtures.FiveSteps(10000)));
    }

    [Fact]
    public void Visual_Studios_fast_up_to_date_check_sees_the_checkpoint_files()
    {
        _consumer.Reset();

        // What Visual Studio's project system runs before deciding whether to build at all.
        var query = DotnetCli.Run(_consumer.Project.Directory, DotnetCli.BuildTimeout,
            "msbuild", _consumer.Project.ProjectFile, "-nologo", "-nodeReuse:false", "-t:CheckpointGenUpToDateCheckInput",
            "-getProperty:CollectUpToDateCheckInputDesignTimeDependsOn", "-getItem:UpToDateCheckInput");

        Assert.True(query.Succeeded, query.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(query.Output);
        Assert.Contains("CheckpointGenUpToDateCheckInput", json.RootElement.GetProperty("Properties").GetProperty("CollectUpToDateCheckInputDesignTimeDependsOn").GetString(), StringComparison.Ordinal);
        var inputs = json.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()).ToList();
        foreach (var file in new[] { "model.ckpt-10000.index", "model.ckpt-10000.data-00000-of-00001", "model.ckpt-10000.meta", "checkpoint" })
        {
            Assert.Contains(_consumer.CheckpointFile(file), inputs);
        }
    }

    [Fact]
    public void Two_items_with_one_class_name_in_different_namespaces_keep_their_own_weights()
    {
        _consumer.Reset();
        var other = new CheckpointItem(Fixtures.KerasSavedModel, "Taxi") { Namespace = "E2E.Other" };
        _consumer.Project.WriteProject(new ProjectSpec(IncrementalConsumer.Baseline.Append(other).ToList()));
        _consumer.Project.WriteProgram("""
            using CheckpointGen.Runtime;
            using E2E;

            return TensorDump.Run(new Dictionary<string, Func<string?, TensorStorage>>
            {
                ["Taxi"] = _ => E2E.Taxi.Embedded.Storage,
                ["OtherTaxi"] = _ => E2E.Other.Taxi.Embedded.Storage,
            }, args);

            """);

        _consumer.DetailedBuild();

        var listing = Fixtures.FiveSteps(10000);
        var output = _consumer.Project.RunDump();
        ListingAssert.Holds(listing, output["Taxi"], Fixtures.EstimatorWeights(listing));
        ListingAssert.Holds(Fixtures.Keras, output["OtherTaxi"], Fixtures.KerasWeights);
        var plans = _consumer.GeneratedFiles().Keys.Where(f => f.EndsWith("Taxi.cgplan", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, plans.Select(Path.GetDirectoryName).Distinct().Count());
        Assert.Equal(2, _consumer.GeneratedFiles().Keys.Count(f => f.EndsWith("Taxi.weights", StringComparison.Ordinal)));
    }
}
