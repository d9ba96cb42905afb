using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Inspect;

/// <summary><c>inspect</c> without <c>--json</c>: the plain listing and inspect_checkpoint's value printing.</summary>
public sealed class InspectTextTests
{
    [Fact]
    public void Listing_shows_each_tensor_with_dtype_shape_size_and_kind()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME +DTYPE +SHAPE +SIZE +KIND$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^dnn/hiddenlayer_1/kernel +float32 +\[100, 70\] +28000 +\w+$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^global_step +int64 +\[\] +8 +bookkeeping$"));
        var expected = ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, "tfx-taxi-estimator-5steps~model.ckpt-10000.tsv"));
        Assert.Equal($"{expected.Tensors.Count} tensors, {expected.Tensors.Sum(t => t.Size)} bytes", lines[^1]);
        Assert.Equal(expected.Tensors.Count + 2, lines.Length);
    }

    [Fact]
    public void A_tensor_prints_as_inspect_checkpoint_prints_it()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "dnn/logits/bias");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("tensor_name:  dnn/logits/bias\n[-0.04029525]\n", run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_scalar_prints_without_brackets()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "global_step");

        Assert.Equal("tensor_name:  global_step\n10000\n", run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_large_tensor_is_summarized_with_three_edge_items()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "dnn/hiddenlayer_1/kernel");

        var lines = run.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("tensor_name:  dnn/hiddenlayer_1/kernel", lines[0]);
        var array = lines.Skip(1).ToList();
        // [100, 70] has 7000 elements: 3 rows, "...", 3 rows, each row 3 items, "...", 3 items.
        Assert.Equal(6, array.Count(l => l.StartsWith("[[", StringComparison.Ordinal) || l.StartsWith(" [", StringComparison.Ordinal)));
        Assert.Contains(" ...", array);
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(string.Join("\n", array), @"\.\.\.").Count);
        Assert.All(array, l => Assert.True(l.Length <= 75, l));
        // The smallest shown magnitude (9.789e-05) is below 1e-4, so numpy switches to scientific notation.
        Assert.Matches(@"^\[\[ 9\.789039\d*e-05 ", array[0]);
    }

    [Fact]
    public void All_prints_every_tensor_in_key_order()
    {
        var expected = ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, "tf2onnx-regression~checkpoint~model.tsv"));

        var run = ToolRun.InProcess("inspect", expected.Prefix, "--all");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var names = run.Out.Split('\n').Where(l => l.StartsWith("tensor_name:  ", StringComparison.Ordinal)).Select(l => l.Substring(14).TrimEnd('\r'));
        Assert.Equal(expected.Tensors.Select(t => t.Name), names);
    }

    [Fact]
    public void An_unknown_tensor_fails_with_a_suggestion()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "dnn/logits/bais");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Empty(run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("'dnn/logits/bais'", line);
        Assert.Contains("dnn/logits/bias", line);
    }

    [Fact]
    public void Tensor_and_all_together_are_a_usage_error()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "global_step", "--all");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("--tensor and --all", run.Error);
    }
}
