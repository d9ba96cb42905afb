using System.Text;
using CheckpointGen.Runtime.Tests.Writing;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Graphs;

public sealed class CheckpointStateFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reads_an_estimator_folder_that_keeps_five_steps()
    {
        var state = CheckpointStateFile.Read(FixturePaths.Get("tfx-taxi-estimator-5steps/checkpoint"));

        Assert.Equal("model.ckpt-10000", state.ModelCheckpointPath);
        Assert.Equal(new[] { "model.ckpt-6993", "model.ckpt-7992", "model.ckpt-8991", "model.ckpt-9990", "model.ckpt-10000" }, state.AllModelCheckpointPaths);
        Assert.Empty(state.AllModelCheckpointTimestamps);
        Assert.Equal(0, state.LastPreservedTimestamp);
    }

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint", "model")]
    [InlineData("t5x-mtf_tiny_t5-bf16", "model.ckpt-0")]
    [InlineData("tfx-taxi-estimator-2shard", "model.ckpt-10000")]
    public void Reads_the_state_file_of_a_folder(string folder, string latest)
    {
        var state = CheckpointStateFile.Read(FixturePaths.Get(folder));

        Assert.Equal(latest, state.ModelCheckpointPath);
        Assert.Equal(new[] { latest }, state.AllModelCheckpointPaths);
    }

    [Theory]
    [InlineData("tfx-taxi-estimator-5steps", "model.ckpt-10000")]
    [InlineData("tf2onnx-regression/checkpoint", "model")]
    [InlineData("t5x-mtf_tiny_t5-bf16", "model.ckpt-0")]
    public void Latest_checkpoint_resolves_relative_paths_against_the_folder(string folder, string latest)
    {
        Assert.Equal(FixturePaths.Get(Path.Combine(folder, latest)), CheckpointLocator.LatestCheckpoint(FixturePaths.Get(folder)));
    }

    [Fact]
    public void A_path_with_a_NUL_character_is_a_damaged_state_file_not_an_argument_error()
    {
        // Found by graph fuzzing: a zeroed byte inside the path reached Path.GetFullPath, which throws ArgumentException.
        File.WriteAllText(Path.Combine(_temp.Path, "checkpoint"), "model_checkpoint_path: \"model\\000.ckpt\"\n");

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointLocator.LatestCheckpoint(_temp.Path));
        Assert.Equal(Path.Combine(_temp.Path, "checkpoint"), error.FilePath);
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void Absolute_paths_from_the_training_machine_fall_back_to_the_state_files_folder()
    {
        foreach (var file in Directory.GetFiles(FixturePaths.Get("tf2onnx-regression/checkpoint"), "model.*"))
        {
            File.Copy(file, Path.Combine(_temp.Path, Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(_temp.Path, "checkpoint"), """
            model_checkpoint_path: "/home/trainer/runs/42/model"
            all_model_checkpoint_paths: "/home/trainer/runs/42/model"
            all_model_checkpoint_timestamps: 1551382555.25
            last_preserved_timestamp: 1551380000.5
            """);

        var state = CheckpointStateFile.Read(_temp.Path);
        Assert.Equal("/home/trainer/runs/42/model", state.ModelCheckpointPath);
        Assert.Equal(new[] { 1551382555.25 }, state.AllModelCheckpointTimestamps);
        Assert.Equal(1551380000.5, state.LastPreservedTimestamp);

        Assert.Equal(Path.Combine(_temp.Path, "model"), CheckpointLocator.LatestCheckpoint(_temp.Path));
        using var checkpoint = Checkpoint.Open(_temp.Path);
        Assert.Equal(Path.Combine(_temp.Path, "model"), checkpoint.Location.Prefix);
        Assert.Equal(new[] { "W", "b" }, checkpoint.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Writes_what_tensorflow_writes_and_reads_it_back()
    {
        var state = new CheckpointStateFile
        {
            ModelCheckpointPath = "model.ckpt-20",
            AllModelCheckpointPaths = new[] { "model.ckpt-10", "model.ckpt-20" },
            AllModelCheckpointTimestamps = new[] { 1584391735.305347, 1584391740.1 },
            LastPreservedTimestamp = 1584391700,
        };

        var path = CheckpointStateFile.Write(_temp.Path, state);

        Assert.Equal(Path.Combine(_temp.Path, "checkpoint"), path);
        Assert.Equal(
            "model_checkpoint_path: \"model.ckpt-20\"\n"
            + "all_model_checkpoint_paths: \"model.ckpt-10\"\n"
            + "all_model_checkpoint_paths: \"model.ckpt-20\"\n"
            + "all_model_checkpoint_timestamps: 1584391735.305347\n"
            + "all_model_checkpoint_timestamps: 1584391740.1\n"
            + "last_preserved_timestamp: 1584391700\n",
            File.ReadAllText(path));
        Assert.Equal(state, CheckpointStateFile.Read(path));
    }

    [Fact]
    public void Round_trips_paths_that_need_escaping()
    {
        var state = new CheckpointStateFile
        {
            ModelCheckpointPath = "C:\\runs\\\"quoted\" 'ü' ✓/model.ckpt-1",
            AllModelCheckpointPaths = new[] { "line\nbreak\ttab" },
            AllModelCheckpointTimestamps = new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e-300 },
        };

        var path = CheckpointStateFile.Write(_temp.Path, state, "state");

        Assert.Equal(state, CheckpointStateFile.Read(path));
        Assert.All(File.ReadAllBytes(path), b => Assert.InRange(b, (byte)0x09, (byte)0x7e));
    }

    [Fact]
    public void Write_replaces_the_old_file_and_leaves_no_temporary_file()
    {
        CheckpointStateFile.Write(_temp.Path, new CheckpointStateFile { ModelCheckpointPath = "old" });
        CheckpointStateFile.Write(_temp.Path, new CheckpointStateFile { ModelCheckpointPath = "new" });

        Assert.Equal(new[] { "checkpoint" }, Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal("new", CheckpointStateFile.Read(_temp.Path).ModelCheckpointPath);
    }

    [Fact]
    public void An_empty_state_writes_an_empty_file()
    {
        var path = CheckpointStateFile.Write(_temp.Path, new CheckpointStateFile());

        Assert.Equal(string.Empty, File.ReadAllText(path));
        Assert.Equal(new CheckpointStateFile(), CheckpointStateFile.Read(path));
    }

    [Fact]
    public void A_malformed_state_file_fails_with_its_line_and_column()
    {
        var path = Path.Combine(_temp.Path, "checkpoint");
        File.WriteAllText(path, "model_checkpoint_path: \"a\"\nall_model_checkpoint_paths \"b\"\n", Encoding.UTF8);

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointStateFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(54, error.Offset);
        Assert.Contains("line 2:28: expected ':' after field name 'all_model_checkpoint_paths'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_state_file_is_not_found()
    {
        var error = Assert.Throws<CheckpointNotFoundException>(() => CheckpointStateFile.Read(_temp.Path));

        Assert.Equal(Path.Combine(_temp.Path, "checkpoint"), error.FilePath);
    }

    [Fact]
    public void Equality_compares_the_recorded_values()
    {
        var a = new CheckpointStateFile { ModelCheckpointPath = "m", AllModelCheckpointPaths = new[] { "m" } };

        Assert.Equal(a, a with { AllModelCheckpointPaths = new List<string> { "m" } });
        Assert.Equal(a.GetHashCode(), (a with { AllModelCheckpointPaths = new List<string> { "m" } }).GetHashCode());
        Assert.NotEqual(a, a with { AllModelCheckpointPaths = new[] { "n" } });
        Assert.NotEqual(a, a with { LastPreservedTimestamp = 1 });
    }
}
