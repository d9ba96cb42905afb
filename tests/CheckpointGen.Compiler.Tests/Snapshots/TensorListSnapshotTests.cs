using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Generators.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.Compiler.Tests.Snapshots;

/// <summary>Generated code of TensorList programs, as committed snapshots.</summary>
public class TensorListSnapshotTests
{
    /// <summary>The Keras LSTM fixture: one loop, the input list read in place from the caller's span, the output list set in place.</summary>
    [Fact]
    public void Keras_lstm_serving_default()
    {
        using var model = CompiledModel.Build(FixturePaths.Get("tfnet-keras-lstm_from_sequential"), outputs: "", method: "ServingDefault");

        Snapshot.Match(model.Source);
    }
}
