using System.Text.RegularExpressions;
using CheckpointGen.Generators.Tests.Infrastructure;

namespace CheckpointGen.Generators.Tests.Snapshots;

/// <summary>
/// The code generated for real checkpoints, compared with reviewed snapshots, and compiled
/// against the runtime and CheckpointGen.Inference as a user's nullable-enabled,
/// warnings-as-errors project referencing the CheckpointGen package would: SavedModels'
/// signatures and a frozen graph's Outputs are generated inference methods.
/// </summary>
public sealed class GeneratedCodeSnapshotTests
{
    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/model", "Regression", "Embedded")]
    [InlineData("tf2onnx-regression/checkpoint/model", "Regression", "Lazy")]
    [InlineData("serving-saved_model_half_plus_two_tf2_cpu/00000123", "HalfPlusTwo", "Embedded")]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123", "HalfPlusTwoTf1", "Embedded")]
    [InlineData("tfx-keras-savedmodel", "TaxiKeras", "Embedded")]
    [InlineData("tfnet-keras-lstm_from_sequential", "LstmSequential", "Embedded")]
    [InlineData("tfx-taxi-estimator-2shard", "TaxiEstimator", "Embedded")]
    [InlineData("tfx-taxi-estimator-2shard", "TaxiEstimator", "Lazy")]
    public void Generates_code_for_real_checkpoint(string fixture, string className, string mode)
    {
        var manifest = FixturePlans.Build(fixture, className, mode);

        var run = GeneratorHarness.Generate(TestReferences.WithInference, manifest.Text).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(ScrubVersion(run.Source), className + "_" + mode);
    }

    /// <summary>A frozen GraphDef is an item through its Outputs: the class is its Predict method.</summary>
    [Fact]
    public void Generates_inference_for_a_frozen_graph()
    {
        var manifest = FixturePlans.Build("tf2onnx-frozen-fc-layers/frozen.pb", "FcLayers", "Embedded", outputs: "output");

        var run = GeneratorHarness.Generate(TestReferences.WithInference, manifest.Text).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("public void Predict(", run.Source, StringComparison.Ordinal);
        Snapshot.Match(ScrubVersion(run.Source));
    }

    /// <summary>bfloat16 weights; the fixture lacks the data shard that holds them, so the manifest comes from the index.</summary>
    [Fact]
    public void Generates_bfloat16_accessors_for_t5x()
    {
        var manifest = FixturePlans.FromIndex("t5x-mtf_tiny_t5-bf16/model.ckpt-0", "TinyT5");

        var run = GeneratorHarness.Generate(manifest.Text).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("CheckpointTensor<global::CheckpointGen.Runtime.BFloat16>", run.Source, StringComparison.Ordinal);
        Snapshot.Match(ScrubVersion(run.Source));
    }

    /// <summary>The generator's version changes with every release; the snapshots should not.</summary>
    private static string ScrubVersion(string source) =>
        Regex.Replace(source, "GeneratedCode\\(\"CheckpointGen\", \"[^\"]*\"\\)", "GeneratedCode(\"CheckpointGen\", \"{version}\")");
}
