using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Errors;

/// <summary>Bad inputs end with a documented exit code and one clear line on stderr, never a stack trace.</summary>
public sealed class BadInputTests
{
    /// <summary>Each command with PATH standing for the checkpoint it reads, and OUT for a file or folder in the test's folder.</summary>
    public static TheoryData<string[]> CheckpointCommands() => new()
    {
        new[] { "inspect", "PATH", "--json" },
        new[] { "verify", "PATH" },
        new[] { "prune", "PATH", "OUT" },
        new[] { "freeze", "PATH", "--outputs", "pred", "-o", "OUT" },
        new[] { "diff", "PATH", Fixtures.EstimatorPrefix },
        new[] { "diff", Fixtures.EstimatorPrefix, "PATH" },
        new[] { "generate", "PATH", "-o", "OUT" },
    };

    [Theory]
    [MemberData(nameof(CheckpointCommands))]
    public void A_missing_path_is_not_found(string[] command)
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "model.ckpt-1");

        var run = ToolRun.InProcess(Substitute(command, missing, folder));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        AssertOneLineError(run, "model.ckpt-1");
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [MemberData(nameof(CheckpointCommands))]
    public void A_garbage_index_is_corrupt(string[] command)
    {
        using var folder = new TempFolder();
        var path = WriteGarbage(folder, "garbage.index");

        var run = ToolRun.InProcess(Substitute(command, path, folder));

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        AssertOneLineError(run, "garbage.index");
        Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("garbage.index")]
    [InlineData("garbage.ckpt")]
    public void A_garbage_file_is_corrupt(string name)
    {
        using var folder = new TempFolder();
        var path = WriteGarbage(folder, name);

        var run = ToolRun.InProcess("inspect", path, "--json");

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        AssertOneLineError(run, name);
    }

    [Fact]
    public void A_garbage_meta_graph_cannot_be_frozen()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(FixturePaths.Get("tf2onnx-regression/checkpoint/model"), folder);
        WriteGarbage(folder, "model.meta");

        var run = ToolRun.InProcess("freeze", prefix, "--outputs", "pred", "-o", Path.Combine(folder.Path, "frozen.pb"));

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.StartsWith("warning: Ignored the graph ", run.ErrorLines[0]);
        Assert.StartsWith("error: ", run.ErrorLines[1]);
        Assert.Contains("no readable graph to freeze", run.ErrorLines[1]);
        Assert.False(File.Exists(Path.Combine(folder.Path, "frozen.pb")));
    }

    [Theory]
    [InlineData("prune", "new/folder/model")]
    [InlineData("generate", "-o", "new/folder")]
    public void A_missing_data_shard_fails_and_leaves_no_folder_behind(params string[] args)
    {
        using var folder = new TempFolder();
        var command = args.Take(args.Length - 1).Append(Path.Combine(folder.Path, args[^1])).ToList();
        command.Insert(1, FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0"));

        var run = ToolRun.InProcess(command.ToArray());

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("model.ckpt-0.data-00001-of-00002", run.ErrorLines.Last());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void An_unwritable_output_is_a_write_failure()
    {
        using var folder = new TempFolder();
        var blocker = Path.Combine(folder.Path, "file");
        File.WriteAllText(blocker, "not a folder");

        var run = ToolRun.InProcess("prune", FixturePaths.Get("tf2onnx-regression/checkpoint/model"), Path.Combine(blocker, "model"));

        Assert.Equal(ExitCodes.WriteFailed, run.ExitCode);
        AssertOneLineError(run, blocker);
    }

    [Fact]
    public void A_truncated_index_is_corrupt()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(Fixtures.EstimatorPrefix, folder);
        var index = prefix + ".index";
        var bytes = File.ReadAllBytes(index);
        File.WriteAllBytes(index, bytes[..(bytes.Length / 2)]);

        var run = ToolRun.InProcess("verify", prefix);

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        AssertOneLineError(run, "model.ckpt-10000.index");
    }

    [Theory]
    [InlineData]
    [InlineData("inspect")]
    [InlineData("frobnicate", "x")]
    [InlineData("inspect", "x", "--no-such-option")]
    [InlineData("latest")]
    [InlineData("prune", "x")]
    [InlineData("prune", "x", "y", "--keep", "Everything")]
    [InlineData("freeze", "x", "--outputs", "y")]
    [InlineData("diff", "x")]
    [InlineData("generate", "x")]
    [InlineData("generate", "x", "-o", "y", "--mode", "Eager")]
    [InlineData("generate", "x", "-o", "y", "--access", "private")]
    public void Bad_command_lines_are_usage_errors(params string[] args)
    {
        var run = ToolRun.InProcess(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.StartsWith("error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("--rename", "W")]
    [InlineData("--rename", "=W")]
    [InlineData("--rename", "nothing=here")]
    [InlineData("--rename", "W=b")]
    public void Bad_renames_are_usage_errors_and_write_nothing(string option, string value)
    {
        using var folder = new TempFolder();

        var run = ToolRun.InProcess("prune", FixturePaths.Get("tf2onnx-regression/checkpoint/model"), Path.Combine(folder.Path, "out"), option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        AssertOneLineError(run, "--rename");
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("prune", "--include", "no/such/**")]
    [InlineData("generate", "--keep", "Trainable")]
    public void Selecting_nothing_is_a_negative_answer(string command, string option, string value)
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "out");
        var args = command == "prune"
            ? new[] { command, FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-10000"), output, option, value }
            : new[] { command, FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0.index"), "-o", output, option, value };

        var run = ToolRun.InProcess(args);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        // generate reports what the build would, in the build's words.
        Assert.StartsWith(command == "prune" ? "error: --keep " : "error: CG1007: Keep=\"Trainable\"", run.ErrorLines.Last());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Help_goes_to_stdout_and_succeeds()
    {
        var run = ToolRun.InProcess("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("inspect", run.Out);
        Assert.Contains("verify", run.Out);
        Assert.Contains("latest", run.Out);
        Assert.Contains("prune", run.Out);
        Assert.Contains("freeze", run.Out);
        Assert.Contains("diff", run.Out);
        Assert.Contains("generate", run.Out);
    }

    private static string[] Substitute(string[] command, string path, TempFolder folder) =>
        command.Select(a => a == "PATH" ? path : a == "OUT" ? Path.Combine(folder.Path, "out") : a).ToArray();

    private static string WriteGarbage(TempFolder folder, string name)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        return path;
    }

    private static void AssertOneLineError(ToolRun run, string mentions)
    {
        Assert.Empty(run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(mentions, line);
    }
}
