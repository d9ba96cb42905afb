using CheckpointGen.Protos;
using Google.Protobuf.Collections;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// Edits of a meta graph's SignatureDefs: tensors that name no node or a bad output index, an
/// input fed at the output itself, absurd declared shapes and dtypes, empty input or output maps,
/// and keys that are no C# identifier.
/// </summary>
internal static class SignatureEdits
{
    private static readonly long[] Absurd = [-1, -3, 0, 1 << 20, 1 << 28, 1L << 40, long.MaxValue, int.MinValue];

    public static string Apply(MapField<string, SignatureDef> signatures, GraphDef? graph, Random random)
    {
        var key = signatures.Keys.ElementAt(random.Next(signatures.Count));
        var signature = signatures[key];
        var side = random.Next(2) == 0 ? signature.Inputs : signature.Outputs;
        if (side.Count == 0)
        {
            signatures.Remove(key);
            return $"signature '{key}' removed";
        }
        var entry = side.Keys.ElementAt(random.Next(side.Count));
        var info = side[entry];
        switch (random.Next(7))
        {
            case 0:
                info.Name = "nowhere:0";
                return $"'{key}'.{entry} names no node";
            case 1:
                info.Name = $"{info.Name.Split(':')[0]}:{Absurd[random.Next(Absurd.Length)]}";
                return $"'{key}'.{entry} is {info.Name}";
            case 2:
                var shape = new TensorShapeProto();
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = Absurd[random.Next(Absurd.Length)] });
                }
                info.TensorShape = shape;
                return $"'{key}'.{entry} declares shape [{string.Join(", ", shape.Dim.Select(d => d.Size))}]";
            case 3:
                info.Dtype = (DataType)random.Next(0, 30);
                return $"'{key}'.{entry} declares dtype {info.Dtype}";
            case 4:
                // Feeding a signature's own output (or fetching its input) cuts the graph at the fetched tensor.
                var other = signature.Inputs == side ? signature.Outputs : signature.Inputs;
                if (other.Count > 0)
                {
                    info.Name = other.Values.First().Name;
                }
                return $"'{key}'.{entry} is {info.Name}, on the other side too";
            case 5:
                side.Remove(entry);
                side["class"] = info;
                return $"'{key}'.{entry} renamed to the keyword 'class'";
            default:
                var node = graph is { Node.Count: > 0 } g ? g.Node[random.Next(g.Node.Count)].Name : "x";
                info.Name = node;
                return $"'{key}'.{entry} is node '{node}'";
        }
    }
}
