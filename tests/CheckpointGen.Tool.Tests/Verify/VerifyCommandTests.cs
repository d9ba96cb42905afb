using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Verify;

/// <summary><c>verify</c>: every checksum of real checkpoints, and damaged copies of them.</summary>
public sealed class VerifyCommandTests
{
    public static TheoryData<string> CompleteListings() => Fixtures.CompleteListings();

    [Theory]
    [MemberData(nameof(CompleteListings))]
    public void Intact_checkpoints_verify_OK_with_counts(string id)
    {
        var expected = Fixtures.Find(id);

        var run = ToolRun.InProcess("verify", expected.Prefix);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith($"OK: {expected.Tensors.Count} tensors, {expected.Tensors.Sum(t => t.Size)} bytes in ", run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void A_flipped_data_byte_fails_and_names_the_tensor()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(Fixtures.EstimatorPrefix, folder);
        // dnn/hiddenlayer_1/kernel occupies bytes [1880, 29880) of the only shard.
        FlipByte(prefix + ".data-00000-of-00001", 1880 + 1234);

        var run = ToolRun.InProcess("verify", prefix);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        var failures = run.Out.Split('\n').Where(l => l.StartsWith("FAILED", StringComparison.Ordinal)).ToList();
        var failure = Assert.Single(failures);
        Assert.StartsWith("FAILED dnn/hiddenlayer_1/kernel: ", failure);
        Assert.Contains("CRC32C", failure);
        Assert.Contains("1 of 59 tensors failed verification", run.Out);
    }

    [Fact]
    public void Inspecting_a_damaged_tensor_reports_the_checksum_error()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(Fixtures.EstimatorPrefix, folder);
        FlipByte(prefix + ".data-00000-of-00001", 1880);

        var run = ToolRun.InProcess("inspect", prefix, "--tensor", "dnn/hiddenlayer_1/kernel");

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains("dnn/hiddenlayer_1/kernel", line);
    }

    [Fact]
    public void A_missing_data_file_is_one_line_naming_it_and_exits_NotFound()
    {
        var run = ToolRun.InProcess("verify", FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var missing = Assert.Single(lines, l => l.StartsWith("MISSING ", StringComparison.Ordinal));
        Assert.EndsWith("model.ckpt-0.data-00001-of-00002: data file is missing; the 104 tensors stored in it (decoder/block_000/layer_000/SelfAttention/k, decoder/block_000/layer_000/SelfAttention/k_slot_v, decoder/block_000/layer_000/SelfAttention/o, and 101 more) cannot be verified", missing);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_data_file_is_listed_once_in_json_with_its_tensors()
    {
        using var folder = new TempFolder();
        var prefix = Fixtures.CopyCheckpoint(Fixtures.EstimatorPrefix, folder);
        File.Delete(prefix + ".data-00000-of-00001");

        var run = ToolRun.InProcess("verify", prefix, "--json");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        var file = Assert.Single(json.RootElement.GetProperty("missingFiles").EnumerateArray());
        Assert.Equal(prefix + ".data-00000-of-00001", file.GetProperty("file").GetString());
        Assert.Equal(59, file.GetProperty("tensors").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("failures").GetArrayLength());
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
    }

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0xFF));
    }
}
