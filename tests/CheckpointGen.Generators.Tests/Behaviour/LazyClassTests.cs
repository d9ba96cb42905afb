using CheckpointGen.Generators.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Generators.Tests.Behaviour;

/// <summary>
/// Lazy mode at run time: the generated class memory-maps a real checkpoint, releases it on
/// Dispose, and refuses a checkpoint whose variables differ from the compiled ones.
/// </summary>
public sealed class LazyClassTests
{
    [Fact]
    public void Open_reads_the_checkpoint_and_Dispose_releases_it()
    {
        using var assembly = GeneratedAssembly.Load(FixturePlans.Build("tf2onnx-regression/checkpoint/model", "Regression", "Lazy"));

        dynamic model = assembly.Open(FixturePaths.Get("tf2onnx-regression/checkpoint"));
        var w = (CheckpointTensor<float>)model.W;
        Assert.Equal(0.21396178f, w.Value);
        Assert.Equal(1.0495254f, ((CheckpointTensor<float>)model.Get<float>("b")).Value);
        Assert.IsType<MappedTensorStorage>(model.Storage);

        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => ((CheckpointTensor<float>)model.B).Value);
    }

    [Fact]
    public void Open_on_a_checkpoint_with_other_variables_throws_CheckpointMismatchException()
    {
        using var assembly = GeneratedAssembly.Load(FixturePlans.Build("tfx-keras-savedmodel", "TaxiKeras", "Lazy"));

        var e = Assert.Throws<CheckpointMismatchException>(() => assembly.Open(FixturePaths.Get("tfnet-keras-lstm_from_sequential")));

        Assert.Contains("'layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE' is missing", e.Differences);
        Assert.Contains(e.Differences, d => d.StartsWith("'layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE' has shape", StringComparison.Ordinal));
        Assert.Contains(e.Differences, d => d.StartsWith("'layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE' has shape", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_without_a_path_looks_for_the_copy_beside_the_application()
    {
        using var assembly = GeneratedAssembly.Load(FixturePlans.Build("tf2onnx-regression/checkpoint/model", "Regression", "Lazy"));

        var notFound = Assert.Throws<CheckpointNotFoundException>(() => assembly.Open());

        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "tf2onnx-regression/checkpoint/model"), notFound.Message + notFound.FilePath, StringComparison.Ordinal);
    }
}
