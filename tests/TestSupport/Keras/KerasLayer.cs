using System.Text.Json.Nodes;

namespace CheckpointGen.Tests.Keras;

/// <summary>A weight of a layer: its attribute name in the object graph (<c>kernel</c>, <c>moving_mean</c>), shape and values.</summary>
internal sealed record KerasWeight(string Name, long[] Shape, float[] Values);

/// <summary>
/// One layer of a synthetic Keras model: what keras_metadata.pb says of it (class and config),
/// its weights, the layers it reads, and how its traced call function computes its output.
/// </summary>
internal sealed class KerasLayer
{
    public required string Name { get; init; }

    public required string ClassName { get; init; }

    public required JsonObject Config { get; init; }

    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The output's shape without the batch.</summary>
    public required long[] OutputShape { get; init; }

    public IReadOnlyList<KerasWeight> Weights { get; init; } = [];

    /// <summary>Adds the call function's nodes given its input references and its weights' resource arguments; returns the output reference.</summary>
    public required Func<FunctionBody, string[], string[], string> Body { get; init; }
}
