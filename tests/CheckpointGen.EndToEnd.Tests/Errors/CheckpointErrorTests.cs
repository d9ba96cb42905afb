using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Errors;

/// <summary>Bad checkpoints and bad item metadata fail the build with an MSBuild error on the project file that names the item, the file and the reason.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckpointErrorTests
{
    private readonly ScratchConsumer _scratch;

    public CheckpointErrorTests(EndToEndWorkspace workspace) => _scratch = workspace.Shared(w => new ScratchConsumer(w));

    [Fact]
    public void A_missing_checkpoint_is_CG1001()
    {
        var missing = _scratch.Project.PathOf("models/missing/model.ckpt-1");

        var error = BuildDiagnostic.SingleError(_scratch.Build(new CheckpointItem("models/missing/model.ckpt-1", "Missing")), "CG1001");

        AssertOnItem(error, "models/missing/model.ckpt-1");
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_index_is_CG1002()
    {
        var prefix = _scratch.CopyTwoShard("models/truncated");
        var index = prefix + ".index";
        using (var stream = File.Open(index, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var error = BuildDiagnostic.SingleError(_scratch.Build(new CheckpointItem("models/truncated/model.ckpt-10000", "Truncated")), "CG1002");

        AssertOnItem(error, "models/truncated/model.ckpt-10000");
        Assert.Contains(index, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_data_byte_is_CG1003_naming_the_tensor()
    {
        var prefix = _scratch.CopyTwoShard("models/corrupt");
        var tensor = Fixtures.TwoShard.Tensors.Single(t => t.Name == "dnn/hiddenlayer_1/kernel");
        var shard = $"{prefix}.data-{tensor.Shard:D5}-of-{Fixtures.TwoShard.NumShards:D5}";
        var bytes = File.ReadAllBytes(shard);
        bytes[tensor.Offset + (tensor.Size / 2)] ^= 0x40;
        File.WriteAllBytes(shard, bytes);

        var error = BuildDiagnostic.SingleError(_scratch.Build(new CheckpointItem("models/corrupt/model.ckpt-10000", "Corrupt")), "CG1003");

        AssertOnItem(error, "models/corrupt/model.ckpt-10000");
        Assert.Contains(prefix, error.Message, StringComparison.Ordinal);
        Assert.Contains("dnn/hiddenlayer_1/kernel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_mode_is_CG1005()
    {
        var error = BuildDiagnostic.SingleError(_scratch.Build(new CheckpointItem(Fixtures.TwoShardPrefix, "Eager") { Mode = "Eager" }), "CG1005");

        AssertOnItem(error, Fixtures.TwoShardPrefix);
        Assert.Contains("Mode=\"Eager\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespace_part_that_is_a_keyword_is_CG1005()
    {
        var error = BuildDiagnostic.SingleError(_scratch.Build(new CheckpointItem(Fixtures.TwoShardPrefix, "Taxi") { Namespace = "Acme.event" }), "CG1005");

        AssertOnItem(error, Fixtures.TwoShardPrefix);
        Assert.Contains("Namespace=\"Acme.event\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_Trainable_without_a_graph_that_marks_trainability_is_CG1007()
    {
        var folder = _scratch.Project.PathOf("models/keras-checkpoint");
        Fixtures.CopyFiles(Path.Combine(Fixtures.KerasSavedModel, "variables"), "variables.", folder);

        var error = BuildDiagnostic.SingleError(
            _scratch.Build(new CheckpointItem("models/keras-checkpoint/variables", "KerasCheckpoint") { Keep = "Trainable" }), "CG1007");

        AssertOnItem(error, "models/keras-checkpoint/variables");
        Assert.Contains(Path.Combine(folder, "variables"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Keep=\"Trainable\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Issue 7: a diagnostic about an item points at the project file and names the item.</summary>
    private void AssertOnItem(BuildDiagnostic error, string include)
    {
        Assert.Equal(_scratch.Project.ProjectFile, error.Origin);
        Assert.StartsWith($"<Checkpoint Include=\"{include}\">: ", error.Message, StringComparison.Ordinal);
    }
}
