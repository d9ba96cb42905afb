using System.Text.Json.Nodes;

namespace CheckpointGen.Tests.Keras;

/// <summary>A weight of a layer: its attribute name in the object graph (<c>kernel</c>, <c>moving_mean</c>), shape and values.</summary>
internal sealed record KerasWeight(string Name, long[] Shape, float[] Values)
{
    /// <summary>
    /// The object path from the layer to the object holding the weight (<c>cell</c>,
    /// <c>forward_layer/cell</c>), null for the layer itself. Such a weight is saved under the
    /// model's list key <c>variables/N</c>, as TensorFlow saves a recurrent cell's weights (the
    /// shortest path from the root reaches them through the model's <c>variables</c> list).
    /// </summary>
    public string? Owner { get; init; }
}

/// <summary>An object below a layer in the object graph and keras_metadata.pb (a recurrent layer's cell, a wrapper's inner layers).</summary>
internal sealed record KerasSubObject(string Path, string Name, string ClassName, string Identifier, JsonObject Config);

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

    /// <summary>keras_metadata.pb's identifier of the layer (<c>_tf_keras_rnn_layer</c> for a recurrent layer).</summary>
    public string Identifier { get; set; } = "_tf_keras_layer";

    public IReadOnlyList<KerasSubObject> SubObjects { get; set; } = [];

    /// <summary>The mask Keras computes for the layer's output in the model function (compute_mask), from its input references; null when the layer makes none.</summary>
    public Func<FunctionBody, string[], string>? ComputeMask { get; set; }

    /// <summary>The layer's call function takes its input's mask as a last, bool argument <c>mask</c> (passed to <see cref="Body"/> after the inputs).</summary>
    public bool TakesMask { get; set; }

    /// <summary>A mask-taking layer passes its input's mask on (a recurrent layer returning sequences).</summary>
    public bool PassesMask { get; set; }
    /// <summary>Adds the call function's nodes given its input references and its weights' resource arguments; returns the output reference.</summary>
    public required Func<FunctionBody, string[], string[], string> Body { get; init; }
}
