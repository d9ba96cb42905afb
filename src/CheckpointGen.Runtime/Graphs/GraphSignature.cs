namespace CheckpointGen.Runtime.Graphs;

/// <summary>A SignatureDef: a named entry point of a SavedModel (<c>serving_default</c>), its inputs and outputs.</summary>
public sealed class GraphSignature
{
    internal GraphSignature(string key, string methodName, IReadOnlyList<GraphSignatureTensor> inputs, IReadOnlyList<GraphSignatureTensor> outputs)
    {
        Key = key;
        MethodName = methodName;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The signature's key in the meta graph (<c>serving_default</c>, <c>classify_x_to_y</c>).</summary>
    public string Key { get; }

    /// <summary>The method (<c>tensorflow/serving/predict</c>, <c>…/classify</c>, <c>…/regress</c>).</summary>
    public string MethodName { get; }

    /// <summary>The inputs, ordered by key.</summary>
    public IReadOnlyList<GraphSignatureTensor> Inputs { get; }

    /// <summary>The outputs, ordered by key.</summary>
    public IReadOnlyList<GraphSignatureTensor> Outputs { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({MethodName}): {Inputs.Count} inputs, {Outputs.Count} outputs";
}

/// <summary>One input or output of a signature. Immutable, with value equality.</summary>
/// <param name="Key">The name callers use (<c>x</c>, <c>inputs</c>).</param>
/// <param name="TensorName">The graph tensor it binds to (<c>x:0</c>); for a sparse tensor, its values tensor; empty for composite tensors.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Shape">The declared shape, -1 for unknown dimensions.</param>
public sealed record GraphSignatureTensor(string Key, string TensorName, TensorDataType DataType, GraphShape Shape);
