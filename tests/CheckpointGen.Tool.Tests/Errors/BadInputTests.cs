namespace CheckpointGen.Tool.Tests.Errors;

/// <summary>Bad inputs end with a documented exit code and one clear line on stderr, never a stack trace.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("inspect")]
    [InlineData("verify")]
    public void A_missing_path_is_not_found(string command)
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "model.ckpt-1");

        var run = ToolRun.InProcess(command, missing);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        AssertOneLineError(run, "model.ckpt-1");
    }

    [Theory]
    [InlineData("garbage.index")]
    [InlineData("garbage.ckpt")]
    public void A_garbage_file_is_corrupt(string name)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var run = ToolRun.InProcess("inspect", path, "--json");

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        AssertOneLineError(run, name);
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
    public void Bad_command_lines_are_usage_errors(params string[] args)
    {
        var run = ToolRun.InProcess(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.StartsWith("error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Help_goes_to_stdout_and_succeeds()
    {
        var run = ToolRun.InProcess("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("inspect", run.Out);
        Assert.Contains("verify", run.Out);
        Assert.Contains("latest", run.Out);
    }

    private static void AssertOneLineError(ToolRun run, string mentions)
    {
        Assert.Empty(run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(mentions, line);
    }
}
