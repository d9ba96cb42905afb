using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Errors;

/// <summary>
/// A checkpoint with a 2.4 GB tensor (a sparse file: nothing is written or committed): Embedded
/// mode fails at once with CG1034, which suggests Mode="Lazy", and never with an internal error;
/// Lazy mode builds, having read and checked the whole tensor.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LargeInputTests
{
    private const long Elements = 600_000_000;

    private readonly ScratchConsumer _scratch;
    private readonly string _prefix;

    public LargeInputTests(EndToEndWorkspace workspace)
    {
        _scratch = workspace.Shared(w => new ScratchConsumer(w));
        _prefix = Path.Combine(_scratch.Project.Directory, "models", "huge", "model.ckpt");
        if (!File.Exists(_prefix + ".index"))
        {
            HugeCheckpoint.Write(Path.GetDirectoryName(_prefix)!, "dense/huge_kernel", Elements);
        }
    }

    [Fact]
    public void An_embedded_tensor_beyond_what_an_assembly_holds_is_CG1034_suggesting_Lazy()
    {
        var build = _scratch.Build(new CheckpointItem(_prefix, "Huge"));

        var error = BuildDiagnostic.SingleError(build, "CG1034");
        Assert.DoesNotContain(BuildDiagnostic.Parse(build), d => d.Code == "CG1099");
        Assert.Equal(_scratch.Project.ProjectFile, error.Origin);
        Assert.StartsWith($"<Checkpoint Include=\"{_prefix}\">: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mode=\"Lazy\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dense/huge_kernel', is 2.2 GiB", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_scratch.Project.Directory, "*Huge.weights", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_same_tensor_builds_in_Lazy_mode()
    {
        var build = _scratch.Build(new CheckpointItem(_prefix, "HugeLazy") { Mode = "Lazy", CopyToOutput = "false" });

        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(BuildDiagnostic.Parse(build));
    }
}
