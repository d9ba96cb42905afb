using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Runtime.Freezing;

/// <summary>
/// The checkpoint values of a graph's variable nodes, as Const TensorProtos, checked against
/// what the node declares: a variable saved as one partition of a larger tensor, or under a
/// key the checkpoint lacks, fails clearly instead of freezing a wrong constant.
/// </summary>
internal sealed class VariableValues
{
    private readonly Checkpoint _checkpoint;
    private readonly string _graphPath;
    private readonly IProgress<long>? _progress;
    private long _bytesRead;

    public VariableValues(Checkpoint checkpoint, string graphPath, IProgress<long>? progress)
    {
        _checkpoint = checkpoint;
        _graphPath = graphPath;
        _progress = progress;
    }

    public TensorProto ValueOf(NodeDef node, string key)
    {
        var variable = Find(node.Name, key);
        var declared = GraphShape.From(node.Attr.TryGetValue("shape", out var shape) ? shape.Shape : null);
        if (declared.IsFullyDefined && !declared.Dimensions.SequenceEqual(variable.Shape.Dimensions))
        {
            throw new FreezeException(
                $"variable '{node.Name}' is {declared} in the graph but its checkpoint value '{key}' is {variable.Shape}"
                + " (a partition of a partitioned variable cannot be frozen from the whole tensor)",
                _graphPath, node.Name);
        }
        var value = variable.DataType == TensorDataType.String
            ? TensorProtoCodec.FromStrings(variable.Shape, _checkpoint.ReadStrings(variable.Name))
            : TensorProtoCodec.FromBytes(variable.DataType, variable.Shape, _checkpoint.ReadBytes(variable.Name));
        _bytesRead += Math.Max(0, variable.Size);
        _progress?.Report(_bytesRead);
        return value;
    }

    public FrozenVariable Describe(string node, string key)
    {
        var variable = Find(node, key);
        return new FrozenVariable(node, variable.Name, variable.DataType, variable.Shape);
    }

    private CheckpointVariable Find(string node, string key)
    {
        if (_checkpoint.TryGetVariable(key, out var variable))
        {
            return variable;
        }
        var suggestion = NameSuggester.Closest(key, _checkpoint.Variables.Select(v => v.Name));
        throw new FreezeException(
            $"variable '{node}' is saved as '{key}', which the checkpoint {_checkpoint.Location.Prefix} does not hold"
            + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"),
            _graphPath, node);
    }
}
