using System.Globalization;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Samples;

/// <summary>The samples build against the packed packages and print the weights TensorFlow saved.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SampleTests
{
    private readonly SampleCopy _samples;

    public SampleTests(EndToEndWorkspace workspace) => _samples = workspace.Shared(w => new SampleCopy(w));

    [Fact]
    public void Regression_prints_the_embedded_weights_of_its_tf1_checkpoint()
    {
        var run = _samples.Run("Regression");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("W = 0.21396178", run.OutputLines);
        Assert.Contains("b = 1.0495254", run.OutputLines);
        Assert.Contains("pred(0) = 1.0495254", run.OutputLines);
    }

    [Fact]
    public void Predict_computes_through_generated_methods_what_its_graphs_compute()
    {
        var run = _samples.Run("Predict");

        Assert.True(run.Succeeded, run.ToString());
        // The regression graph's pred = W * x + b, with the W and b the Regression sample prints.
        foreach (var x in new[] { 0f, 1f, 2f, 10f })
        {
            var line = Assert.Single(run.OutputLines, l => l.StartsWith($"pred({x.ToString(CultureInfo.InvariantCulture)}) = ", StringComparison.Ordinal));
            var pred = float.Parse(line[(line.IndexOf('=') + 1)..], CultureInfo.InvariantCulture);
            Assert.Equal((0.21396178f * x) + 1.0495254f, pred, 1e-6f);
        }
        Assert.Equal(2, run.OutputLines.Count(l => l.StartsWith("image ", StringComparison.Ordinal) && l.Contains(", logits ", StringComparison.Ordinal)));
    }

    [Fact]
    public void HalfPlusTwo_Lazy_prints_the_variables_of_its_saved_model()
    {
        AssertHalfPlusTwo(_samples.Run("HalfPlusTwo.Lazy"));
    }

    /// <summary>What both HalfPlusTwo samples print: a = 0.5 and b = 2 from the SavedModel, and y = a * x + b.</summary>
    internal static void AssertHalfPlusTwo(ProcessResult run)
    {
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("a = 0.5", run.OutputLines);
        Assert.Contains("b = 2", run.OutputLines);
        Assert.Contains("half_plus_two(5) = 4.5", run.OutputLines);
    }
}
